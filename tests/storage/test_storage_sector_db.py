"""Sector databases on SQLite, PostgreSQL and MariaDB: migrations, typed columns, idempotent
transactional loads, retries, and a server killed mid-batch then restarted."""
from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from sohoa.documents import Classification, FieldValue, Page
from sohoa.errors import Reason, ReviewError
from storage import migrations
from storage.loading import load_waiting, reload_batch, sector_record
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDB, SectorDBUnavailable, SectorRecord, record_row
from storage.sector_models import records_table

from storage_testkit import free_port, server_url


def rec(i: int, **over) -> SectorRecord:
    base = dict(dossier_id=f"d{i:05d}", procedure_key="birth_registration", procedure_code="1.001193",
                batch="b1", source=f"d{i:05d}.pdf", confidence=0.9, pdf_key=f"pdf/b1/X_{i}.pdf",
                original_key=f"originals/aa/{i:064d}", document_id=f"G06.01_CV_{i:06d}_V1",
                fields={"applicant_name": "Nguyễn Văn An", "applicant_id_number": "001215000001",
                        "subject_birth_date": "2024-02-29", "signed_date": "2024-03-05"})
    base.update(over)
    return SectorRecord(**base)


def test_migrations_up_and_down(sector_url):
    db = SectorDB(sector_url, "ho_tich")
    assert db.table_name == "ho_tich_records"  # the catalog's sector_table for this sector
    db.ensure_schema()
    assert migrations.current(db.engine, "sector", table="ho_tich_records") == "s0003_drawings"
    cols = {c["name"]: c for c in inspect(db.engine).get_columns("ho_tich_records")}
    assert {"procedure_key", "procedure_code", "dossier_id", "document_id", "pdf_key", "original_key",
            "confidence", "pipeline_version", "loaded_at", "component_digitised", "result_file_attached",
            "applicant_name", "signed_date", "extra", "today_units"} <= set(cols)
    assert "DATE" in str(cols["signed_date"]["type"]).upper()
    migrations.downgrade(db.engine, "sector", "s0001", table="ho_tich_records")
    assert "today_units" not in {c["name"] for c in inspect(db.engine).get_columns("ho_tich_records")}
    migrations.downgrade(db.engine, "sector", "base", table="ho_tich_records")
    assert "ho_tich_records" not in inspect(db.engine).get_table_names()
    migrations.upgrade(db.engine, "sector", table="ho_tich_records")
    assert "ho_tich_records" in inspect(db.engine).get_table_names()
    db.close()


def test_the_migrated_schema_matches_the_model(sector_url):
    """The hand-written migration and the table the loader writes through must not drift apart."""
    db = SectorDB(sector_url, "dat_dai")
    db.ensure_schema()
    live = {c["name"]: c for c in inspect(db.engine).get_columns("dat_dai_records")}
    model = {c.name: c for c in records_table("dat_dai_records").columns}
    assert set(live) == set(model)
    for name, col in model.items():
        assert live[name]["nullable"] == col.nullable, name
    db.close()


def test_two_record_tables_share_one_database(sector_url):
    """Catalog procedures may name their own sector_table; each migrates and loads on its own."""
    a = SectorDB(sector_url, "kinh_doanh")
    b = SectorDB(sector_url, "kinh_doanh", table="kinh_doanh_households")
    a.load_record(rec(1, procedure_key="enterprise_registration"))
    b.load_record(rec(2, procedure_key="household_business_registration"))
    b.load_record(rec(3, procedure_key="household_business_registration"))
    assert (a.count(), b.count()) == (1, 2)
    assert migrations.current(a.engine, "sector", table="kinh_doanh_households") == "s0003_drawings"
    a.close(), b.close()


def test_load_is_an_idempotent_upsert(sector_url):
    """GIVEN a loaded record WHEN the same dossier is loaded again with changed values
    THEN there is still one row and it holds the new values."""
    db = SectorDB(sector_url, "ho_tich")
    for i in range(5):
        db.load_record(rec(i))
    db.load_many([rec(i) for i in range(5)])
    assert db.count() == 5
    db.load_record(rec(3, confidence=0.5, fields={"applicant_name": "Trần Thị Bình"}))
    assert db.count() == 5
    row = db.get("d00003")
    assert row["confidence"] == 0.5 and row["applicant_name"] == "Trần Thị Bình"
    assert row["signed_date"] is None  # the new record replaced the old values
    db.close()


def test_typed_columns_and_extras(sector_url):
    db = SectorDB(sector_url, "ho_tich")
    long_name = "Ư" * 250
    db.load_record(rec(1, fields={"subject_birth_date": "2024-02-29", "death_date": "29/02/2024",
                                  "applicant_name": FieldValue(value="Lê Văn Cường", confidence=0.8),
                                  "business_name": long_name, "household_size": "4"}))
    row = db.get("d00001")
    assert row["subject_birth_date"] == date(2024, 2, 29)
    assert row["applicant_name"] == "Lê Văn Cường"
    assert row["death_date"] is None and row["business_name"] is None
    assert row["extra"] == {"death_date": "29/02/2024", "business_name": long_name, "household_size": "4"}
    assert row["component_digitised"] in (True, 1) and row["result_file_attached"] in (False, 0)
    db.close()


def test_unreachable_database_is_retried_then_reported_retryable(caplog):
    """GIVEN nothing listening WHEN a record is loaded THEN every back-off step is tried and a
    ReviewError with reason sector_db_unavailable comes back (no password in the log)."""
    url = f"postgresql+psycopg://sohoa:s3cret@127.0.0.1:{free_port()}/nothing"
    db = SectorDB(url, "ho_tich", backoff=(0.01, 0.02, 0.04))
    caplog.set_level(logging.WARNING, logger="storage.sector_db")
    t0 = time.monotonic()
    with pytest.raises(SectorDBUnavailable) as err:
        db.load_record(rec(1))
    assert time.monotonic() - t0 >= 0.07
    assert isinstance(err.value, ReviewError) and err.value.reason is Reason.sector_db_unavailable
    assert err.value.state == "review" and "4 attempts" in err.value.detail
    assert len([r for r in caplog.records if "attempt" in r.getMessage()]) == 4
    assert "s3cret" not in caplog.text
    # while marked down, the next dossiers get one quick try each instead of the whole back-off
    caplog.clear()
    with pytest.raises(SectorDBUnavailable) as again:
        db.load_record(rec(2))
    assert "marked down" in again.value.detail
    assert len([r for r in caplog.records if "attempt" in r.getMessage()]) == 1


def test_row_conversion_needs_no_server():
    row = record_row(rec(7, fields={"signed_date": "2024-13-01"}))
    assert row["signed_date"] is None and row["extra"] == {"signed_date": "2024-13-01"}
    assert row["dossier_id"] == "d00007" and row["procedure_code"] == "1.001193"


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.needs_postgres),
                                     pytest.param("mariadb", marks=pytest.mark.needs_mariadb)])
def test_database_is_created_on_first_use(backend):
    base = server_url("SOHOA_TEST_PG_URL" if backend == "postgres" else "SOHOA_TEST_MARIADB_URL")
    name = "sohoa_sector_" + uuid.uuid4().hex[:8]
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    db = SectorDB(url, "dat_dai")
    try:
        db.load_record(rec(1, procedure_key="land_first_certificate"))
        assert db.count() == 1
    finally:
        db.close()
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            q = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' if backend == "postgres" else \
                f"DROP DATABASE IF EXISTS `{name}`"
            c.execute(text(q))
        admin.dispose()


def killed_mid_batch(server, n: int = 30, kill_at: int = 12) -> None:
    """GIVEN a batch being loaded WHEN the server is killed part-way THEN the remaining dossiers come
    back retryable; AFTER a restart they load, and re-running the whole batch adds no rows."""
    db = SectorDB(server.url, "ho_tich", backoff=(0.02, 0.05))
    records = [rec(i) for i in range(n)]
    waiting = []
    for i, r in enumerate(records):
        if i == kill_at:
            server.kill()
        try:
            db.load_record(r)
        except SectorDBUnavailable as e:
            assert e.reason is Reason.sector_db_unavailable
            waiting.append(r)
    assert [r.dossier_id for r in waiting] == [r.dossier_id for r in records[kill_at:]]
    server.start()
    for r in waiting:
        db.load_record(r)
    assert db.count() == n
    for r in records:  # the whole batch again
        db.load_record(r)
    assert db.count() == n

    # a server that comes back during the back-off is simply waited for
    server.kill()
    threading.Timer(0.4, server.start).start()
    patient = SectorDB(server.url, "ho_tich", backoff=(0.3, 0.6, 1.2, 2.4, 4.8))
    patient.load_record(rec(n))
    assert patient.count() == n + 1
    patient.close()
    db.close()


@pytest.mark.needs_postgres
def test_postgres_killed_mid_batch_then_restarted(private_postgres):
    killed_mid_batch(private_postgres)


@pytest.mark.needs_mariadb
def test_mariadb_killed_mid_batch_then_restarted(private_mariadb):
    killed_mid_batch(private_mariadb)


@pytest.mark.needs_postgres
def test_waiting_dossier_loads_from_the_pipeline_db_after_restart(private_postgres, tmp_path):
    """The flow's view: the sector DB is down, the dossier waits in review/sector_db_unavailable;
    after the restart it is rebuilt from the pipeline DB alone and loaded, then leaves review."""
    pipe = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    pipe.start_batch("b1")
    did = pipe.begin_dossier("b1", "a.pdf", "file")
    pipe.set_fields(did, {"applicant_name": FieldValue(value="Phạm Thị Dung", confidence=0.95),
                          "phone": FieldValue(value="0912", confidence=0.95, valid=False, problem="too short"),
                          "applicant_address": FieldValue(value="Thôn 3", confidence=0.5)})
    pipe.set_classification(did, Classification(key="birth_registration", code="1.001193", sector="ho_tich",
                                                confidence=0.9))
    pipe.set_artifact(did, "pdf", "pdf/b1/x.pdf")
    sector = SectorDB(private_postgres.url, "ho_tich", backoff=(0.02,))
    sector_dbs = {"ho_tich": sector}
    private_postgres.kill()
    try:
        sector.load_record(sector_record(pipe.dossier_view(did)))
        pipe.finish_dossier(did, "loaded")
    except SectorDBUnavailable as e:
        pipe.finish_dossier(did, "review", e.reason, e.detail)
    assert [d.id for d in pipe.retryable("b1")] == [did]

    # still down: load_waiting keeps it waiting and records the attempt
    assert load_waiting(pipe, lambda sector: sector_dbs[sector], "b1", threshold=0.8) == ([], [did])
    private_postgres.start()
    assert load_waiting(pipe, lambda sector: sector_dbs[sector], "b1", threshold=0.8) == ([did], [])
    assert pipe.retryable("b1") == [] and pipe.open_reviews("b1") == []
    assert pipe.get_dossier(did).state == "loaded"
    assert [e.outcome for e in pipe.events(dossier_id=did) if e.step == "load"] == ["unavailable", "ok"]
    row = sector.get(did)
    assert row["applicant_name"] == "Phạm Thị Dung" and row["pdf_key"] == "pdf/b1/x.pdf"
    assert row["phone"] is None and row["applicant_address"] is None  # uncertain values are not facts
    assert row["component_digitised"] is True
    sector.close()
    pipe.close()


def test_bulk_load_reports_counts_and_stays_idempotent(sector_url):
    db = SectorDB(sector_url, "ho_tich")
    report = db.load_many([rec(i) for i in range(250)], chunk=100)
    assert (report.loaded, report.failed) == (250, {})
    again = db.load_many([rec(i) for i in range(250)], chunk=64)
    assert again.loaded == 250 and db.count() == 250 and db.count(batch="b1") == 250
    db.close()


@pytest.mark.needs_postgres
def test_one_bad_record_fails_alone_in_a_bulk_load(pg_url):
    """GIVEN a chunk where one record holds a NUL byte (PostgreSQL refuses it) WHEN bulk loaded
    THEN every other record lands and the bad one is reported by dossier id only."""
    db = SectorDB(pg_url, "ho_tich")
    records = [rec(i) for i in range(20)]
    records[7] = rec(7, fields={"applicant_name": "Nguyễn\x00Văn"})
    report = db.load_many(records, chunk=10)
    assert report.loaded == 19 and set(report.failed) == {"d00007"}
    assert "Nguyễn" not in str(report.failed)
    assert db.count() == 19 and db.get("d00007") is None
    db.close()


def test_sector_record_flags_follow_what_the_dossier_holds(tmp_path):
    pipe = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    pipe.start_batch("b")
    cls = Classification(key="land_first_certificate", code="1.013978", sector="dat_dai", confidence=0.9)
    form = pipe.begin_dossier("b", "form.pdf", "file")
    pipe.set_classification(form, cls)
    pipe.set_fields(form, {"parcel_number": FieldValue(value="112", confidence=0.9)})
    decision = pipe.begin_dossier("b", "decision.pdf", "file")
    pipe.set_classification(decision, cls)
    pipe.set_fields(decision, {"document_number": FieldValue(value="8506/QĐ-UBND", confidence=0.9),
                               "document_type": FieldValue(value="Quyết định", confidence=0.9)})
    for did in (form, decision):
        pipe.set_artifact(did, "pdf", f"pdf/b/{did}/G06.01_HS_000001_V1_20260101_HoSo.pdf")
    no_pdf = pipe.begin_dossier("b", "nopdf.pdf", "file")
    pipe.set_classification(no_pdf, cls)

    f, d, n = (sector_record(pipe.dossier_view(x)) for x in (form, decision, no_pdf))
    assert (f.component_digitised, f.result_file_attached) == (True, False)
    assert f.document_id == "G06.01_HS_000001_V1" and n.document_id is None
    assert (d.component_digitised, d.result_file_attached) == (True, True)
    assert (n.component_digitised, n.result_file_attached) == (False, False)
    assert sector_record(pipe.dossier_view(form), result_file_attached=True).result_file_attached
    unclassified = pipe.begin_dossier("b", "x.pdf", "file")
    with pytest.raises(ValueError):
        sector_record(pipe.dossier_view(unclassified))
    pipe.close()


def test_sector_record_carries_the_printed_place_and_todays_unit(sector_url, tmp_path):
    """The typed column keeps the address as printed; today_units names today's unit (district
    dropped, Bình Dương now Hồ Chí Minh) or, for a split commune, only the candidates."""
    pipe = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    pipe.start_batch("b")
    did = pipe.begin_dossier("b", "a.pdf", "file")
    printed = "Số 12, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương"
    split = "khu phố 9, phường Tân Đông Hiệp, thành phố Dĩ An, tỉnh Bình Dương"
    pipe.set_fields(did, {"applicant_address": FieldValue(value=printed, confidence=0.95),
                          "business_address": FieldValue(value=split, confidence=0.95),
                          "issuing_agency": FieldValue(value="ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG", confidence=0.95),
                          "applicant_name": FieldValue(value="Phạm Thị Dung", confidence=0.95)})
    pipe.set_classification(did, Classification(key="household_business_registration", code=None,
                                                sector="kinh_doanh", confidence=0.9))
    db = SectorDB(sector_url, "kinh_doanh")
    db.load_record(sector_record(pipe.dossier_view(did), threshold=0.8))
    row = db.get(did)
    assert row["applicant_address"] == printed and row["business_address"] == split
    assert row["today_units"] == {
        "applicant_address": {"mapped": "Số 12, phường Thủ Dầu Một, thành phố Hồ Chí Minh", "candidates": []},
        "business_address": {"mapped": None, "candidates": ["phường Dĩ An, thành phố Hồ Chí Minh",
                                                            "phường Tân Đông Hiệp, thành phố Hồ Chí Minh"]},
        "issuing_agency": {"mapped": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "candidates": []}}
    exported = pipe.export_records("b", 0.8)[0]["fields"]
    assert exported["business_address"]["mapped"] is None
    assert len(exported["business_address"]["mapped_candidates"]) == 2
    assert exported["issuing_agency"]["mapped"] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    assert "mapped" not in exported["applicant_name"]  # not a place
    db.close()
    pipe.close()


def test_reloading_a_batch_twice_changes_no_counts(sector_url, tmp_path):
    """GIVEN a batch of loaded dossiers in two sectors WHEN the batch is bulk re-loaded twice
    THEN each sector table holds one row per loaded dossier, and only loaded dossiers."""
    pipe = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    pipe.start_batch("b1")
    procs = [("birth_registration", "ho_tich"), ("land_first_certificate", "dat_dai")]
    for i in range(30):
        key, sector = procs[i % 2]
        did = pipe.begin_dossier("b1", f"d{i}.pdf", "file")
        pipe.set_classification(did, Classification(key=key, code=None, sector=sector, confidence=0.9))
        pipe.set_fields(did, {"applicant_name": FieldValue(value="Hoàng Văn Em", confidence=0.9)})
        pipe.finish_dossier(did, "loaded" if i < 26 else "review", None if i < 26 else "field_invalid")
    dbs = {s: SectorDB(sector_url, s) for _, s in procs}
    for _ in range(2):
        reports = reload_batch(pipe, dbs.__getitem__, "b1", threshold=0.8, chunk=7)
        assert {s: r.loaded for s, r in reports.items()} == {"ho_tich": 13, "dat_dai": 13}
        assert (dbs["ho_tich"].count(), dbs["dat_dai"].count()) == (13, 13)
    for d in dbs.values():
        d.close()
    pipe.close()


def test_two_workers_creating_the_schema_at_once(sector_url):
    """GIVEN a fresh database WHEN two workers load their first record at the same moment
    THEN both succeed (one creates the schema, the other waits and finds it)."""
    from concurrent.futures import ThreadPoolExecutor

    dbs = [SectorDB(sector_url, "cu_tru") for _ in range(2)]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda p: p[0].load_record(rec(p[1], procedure_key="permanent_residence_registration")),
                      zip(dbs, range(2))))
    assert dbs[0].count() == 2
    for d in dbs:
        d.close()


FIRST_USE = """
import sys, time
from pathlib import Path
from storage.sector_db import SectorDB, SectorRecord
url, barrier, i, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
db = SectorDB(url, "xay_dung", backoff=())
(barrier / str(i)).touch()
while len(list(barrier.iterdir())) < n:  # start together once every process is ready
    time.sleep(0.005)
db.load_record(SectorRecord(dossier_id=f"p{i}", procedure_key="construction_permit", confidence=0.9))
"""


def test_two_processes_creating_the_schema_at_once(sector_url, tmp_path):
    """Workers (processes) start on a fresh database at the same moment: the migration lock makes
    all but one wait, so every first load succeeds."""
    import subprocess
    import sys
    from pathlib import Path

    barrier = tmp_path / "barrier"
    barrier.mkdir()
    n = 2
    procs = [subprocess.Popen([sys.executable, "-c", FIRST_USE, sector_url, str(barrier), str(i), str(n)],
                              cwd=Path(__file__).parents[2], stderr=subprocess.PIPE, text=True) for i in range(n)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * n, errors
    db = SectorDB(sector_url, "xay_dung")
    assert db.count() == n
    db.close()


def test_the_record_notes_the_drawings_and_maps_of_a_dossier(tmp_path, sector_url):
    """GIVEN a dossier whose page 2 is a design drawing and pages 3-4 a cadastral map extract
    WHEN its record is built and loaded THEN has_drawings is set and drawing_pages names each kind and
    its pages; a dossier of forms only has none."""
    pipe = PipelineDB(f"sqlite:///{tmp_path / 'p.sqlite'}")
    pipe.start_batch("b")
    cls = Classification(key="construction_permit", code="1.009122", sector="xay_dung", confidence=0.9)
    with_sheets = pipe.begin_dossier("b", "permit/", "folder")
    pipe.set_classification(with_sheets, cls)
    pages = [Page(number=n, width=10, height=10, dpi=300, source="ocr", text="x", flags=flags)
             for n, flags in ((1, []), (2, ["downsampled", "line_art", "drawing"]), (3, ["line_art", "map_extract"]),
                              (4, ["line_art", "map_extract", "small_text"]))]
    pipe.set_pages(with_sheets, pages)
    forms_only = pipe.begin_dossier("b", "form.pdf", "file")
    pipe.set_classification(forms_only, cls)
    pipe.set_pages(forms_only, pages[:1])
    a, b = sector_record(pipe.dossier_view(with_sheets)), sector_record(pipe.dossier_view(forms_only))
    assert a.drawings == [{"kind": "drawing", "TypeName": "Bản vẽ", "pages": [2]},
                          {"kind": "map_extract", "TypeName": "Trích lục bản đồ địa chính", "pages": [3, 4]}]
    assert b.drawings == []
    assert pipe.export_records("b")[1]["drawings"] == a.drawings  # export rows in source order: form.pdf, permit/
    db = SectorDB(sector_url, "xay_dung")
    db.load_record(a)
    db.load_record(b)
    row_a, row_b = db.get(a.dossier_id), db.get(b.dossier_id)
    assert row_a["has_drawings"] in (True, 1) and row_a["drawing_pages"] == a.drawings
    assert row_b["has_drawings"] in (False, 0) and row_b["drawing_pages"] is None
    db.close()
    pipe.close()


def test_records_loaded_before_the_drawings_column_read_as_without_drawings(tmp_path):
    """GIVEN a record table at s0001 holding a row WHEN migrated to s0003_drawings THEN the row says
    it holds no drawings, and a downgrade removes the two columns again."""
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    db = SectorDB(url, "xay_dung")
    migrations.upgrade(db.engine, "sector", "s0001", table="xay_dung_records")
    old = {k: v for k, v in record_row(rec(1)).items() if k not in ("has_drawings", "drawing_pages", "today_units")}
    with db.engine.begin() as conn:
        cols = ", ".join(old)
        conn.execute(text(f"INSERT INTO xay_dung_records ({cols}) VALUES ({', '.join(':' + k for k in old)})"),
                     {k: (v if not isinstance(v, (dict, list)) else None) for k, v in old.items()})
    migrations.upgrade(db.engine, "sector", table="xay_dung_records")
    assert migrations.current(db.engine, "sector", table="xay_dung_records") == "s0003_drawings"
    row = db.get("d00001")
    assert row["has_drawings"] in (False, 0) and row["drawing_pages"] is None
    migrations.downgrade(db.engine, "sector", "s0002_units", table="xay_dung_records")
    left = {c["name"] for c in inspect(db.engine).get_columns("xay_dung_records")}
    assert not {"has_drawings", "drawing_pages"} & left and "today_units" in left
    db.close()
