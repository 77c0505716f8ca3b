"""Pipeline database: recording a batch the way flows/ingest.py does, the status / export queries,
re-runs, duplicates, review items, provenance, and migrations up and down."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import inspect

from sohoa.documents import Classification, FieldValue, Page
from sohoa.errors import Reason
from storage import migrations
from storage.objects import LocalFolderStore, folder_sha256
from storage.pipeline_db import AlreadyResolved, PipelineDB, dossier_id
from storage import layout


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def page(n: int, text: str, source_file: str = "") -> Page:
    return Page(number=n, source_file=source_file, width=100, height=140, dpi=300, source="ocr", text=text,
                mean_conf=88.5, flags=["blurry"] if n == 2 else [])


def record_batch(db: PipelineDB, store, tmp_path, batch: str = "b1") -> dict[str, str]:
    """Record a three-dossier batch as the ingest flow would: loaded file, folder in review, duplicate."""
    db.start_batch(batch, source_dir=str(tmp_path))
    ids = {}
    # 1. a single-file dossier that loads
    data = b"%PDF-1.4 birth form"
    did = ids["birth.pdf"] = db.begin_dossier(batch, "birth.pdf", "file")
    assert db.find_duplicate(sha(data), exclude_dossier=did) is None
    obj = store.put_bytes(layout.original_key(sha(data)), data, {"batch": batch, "original_name": "birth.pdf"})
    db.record_object(obj.key, obj.sha256, obj.size, "original", batch=batch, dossier_id=did)
    db.add_document(did, "birth.pdf", obj.sha256, obj.size, object_key=obj.key, media_type="pdf")
    db.set_dossier_sha256(did, obj.sha256)
    db.set_artifact(did, "original", obj.key)
    db.set_pages(did, [page(1, "TỜ KHAI ĐĂNG KÝ KHAI SINH"), page(2, "trang hai")], engine="tesseract",
                 engine_version="5.3.0")
    db.add_event("ocr", "ok", batch=batch, dossier_id=did, detail={"engine": "tesseract", "psm": 6})
    db.set_fields(did, {"applicant_name": FieldValue(value="Nguyễn Văn An", confidence=0.97, page=1,
                                                     bbox=(10, 20, 200, 40)),
                        "signed_date": FieldValue(value="2024-03-05", confidence=0.9, page=2)})
    db.set_classification(did, Classification(key="birth_registration", code="1.001193", sector="ho_tich",
                                               confidence=0.95, method="rules", model_version="rules-1"))
    pdf = store.put_bytes(layout.pdf_key(batch, "X_20260101_KhaiSinh.pdf"), b"%PDF-1.4 pdfa")
    db.record_object(pdf.key, pdf.sha256, pdf.size, "pdf", batch=batch, dossier_id=did)
    db.set_artifact(did, "pdf", pdf.key)
    db.finish_dossier(did, "loaded")
    # 2. a folder dossier with one bad file -> review
    fid = ids["land/"] = db.begin_dossier(batch, "land/", "folder")
    parts = [("p1.png", b"png page 1"), ("p2.png", b"not really png")]
    for name, body in parts:
        o = store.put_bytes(layout.original_key(sha(body)), body, {"batch": batch, "original_name": name})
        db.record_object(o.key, o.sha256, o.size, "original", batch=batch, dossier_id=fid)
        bad = name == "p2.png"
        db.add_document(fid, f"land/{name}", o.sha256, o.size, object_key=o.key,
                        state="quarantined" if bad else "ok", reason="unreadable_image" if bad else None)
    db.set_dossier_sha256(fid, folder_sha256([(n, sha(b)) for n, b in parts]))
    db.set_pages(fid, [page(1, "ĐƠN ĐĂNG KÝ ĐẤT ĐAI", "land/p1.png")], engine="tesseract", engine_version="5.3.0")
    db.finish_dossier(fid, "review", Reason.bad_file_in_dossier, "land/p2.png")
    # 3. the same bytes as dossier 1 under another name -> duplicate
    cid = ids["copy.pdf"] = db.begin_dossier(batch, "copy.pdf", "file")
    first = db.find_duplicate(sha(data), exclude_dossier=cid)
    assert first is not None and first.source == "birth.pdf"
    db.set_dossier_sha256(cid, sha(data))
    db.finish_dossier(cid, "duplicate", None, f"duplicate of {first.source}", duplicate_of=first.id)
    db.finish_batch(batch)
    return ids


@pytest.fixture
def db(pipeline_url):
    d = PipelineDB(pipeline_url)
    yield d
    d.close()


def test_status_lists_every_dossier_with_state_and_reason(db, tmp_path):
    record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    status = {s.source: (s.state, s.reason, s.reason_detail) for s in db.batch_status("b1")}
    assert status == {"birth.pdf": ("loaded", None, None),
                      "land/": ("review", "bad_file_in_dossier", "land/p2.png"),
                      "copy.pdf": ("duplicate", None, "duplicate of birth.pdf")}
    assert db.state_counts("b1") == {"loaded": 1, "review": 1, "duplicate": 1}
    assert db.reason_counts("b1") == {"bad_file_in_dossier": 1}
    reviews = db.open_reviews("b1")
    assert [(r["source"], r["reason"]) for r in reviews] == [("land/", "bad_file_in_dossier")]


def test_export_records_have_the_contract_shape(db, tmp_path):
    record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    recs = {r["source"]: r for r in db.export_records("b1")}
    birth = recs["birth.pdf"]
    assert set(birth) == {"source", "sha256", "status", "reason", "reason_detail", "dossier_id", "pages", "text",
                          "page_flags", "procedure", "fields", "artifacts", "official_documents", "documents",
                          "dossier_code", "dossier_code_read", "drawings"}
    assert birth["documents"] == [] and birth["dossier_code"] is None  # nothing recorded yet
    assert birth["official_documents"] == []  # a form only: no official document
    assert birth["drawings"] == []  # nor drawings or maps
    meta = {"TypeName": "Quyết định", "CodeNumber": "12", "CodeNotation": "QĐ-UBND", "IssuedDate": "2020-01-05",
            "OrganName": "ỦY BAN NHÂN DÂN XÃ AN LẬP", "Subject": "Về việc đăng ký khai sinh", "PageAmount": 1,
            "Language": "vi", "missing": [], "confidence": 0.91}
    db.set_official_documents(dossier_id("b1", "birth.pdf"), [meta])
    assert {r["source"]: r for r in db.export_records("b1")}["birth.pdf"]["official_documents"] == [meta]
    assert birth["dossier_id"] == dossier_id("b1", "birth.pdf") and birth["reason_detail"] is None
    assert birth["sha256"] == sha(b"%PDF-1.4 birth form")
    assert birth["pages"] == 2 and birth["text"] == "TỜ KHAI ĐĂNG KÝ KHAI SINH\ftrang hai"
    assert birth["procedure"] == {"key": "birth_registration", "code": "1.001193", "sector": "ho_tich",
                                  "confidence": 0.95}
    assert birth["fields"]["applicant_name"] == {"value": "Nguyễn Văn An", "confidence": 0.97, "page": 1,
                                                 "bbox": [10, 20, 200, 40], "confirmed_by": None, "problem": None,
                                                 "loaded": None}
    # with the review threshold the export says which values the sector database holds
    fields = {r["source"]: r for r in db.export_records("b1", 0.95)}["birth.pdf"]["fields"]
    assert (fields["applicant_name"]["loaded"], fields["signed_date"]["loaded"]) == (True, False)
    assert birth["artifacts"]["original"] == layout.original_key(birth["sha256"])
    assert birth["artifacts"]["pdf"] == "pdf/b1/X_20260101_KhaiSinh.pdf"
    land = recs["land/"]
    assert land["status"] == "review" and land["reason"] == "bad_file_in_dossier"
    assert land["sha256"] == folder_sha256([("p1.png", sha(b"png page 1")), ("p2.png", sha(b"not really png"))])
    assert land["procedure"] is None and land["artifacts"] == {"original": None, "pdf": None}
    assert recs["copy.pdf"]["status"] == "duplicate"


def test_rerun_of_a_batch_leaves_row_counts_unchanged(any_db_url, tmp_path):
    """GIVEN a recorded batch WHEN the same batch is recorded again THEN no table gains rows,
    the dossier ids are stable and the re-run is counted on the batch."""
    db = PipelineDB(any_db_url)
    store = LocalFolderStore(tmp_path / "o")
    ids = record_batch(db, store, tmp_path)
    before = db.counts()
    assert before["dossiers"] == 3 and before["objects"] == 4 and before["review_items"] == 1
    assert record_batch(db, store, tmp_path) == ids
    assert db.counts() == before
    assert ids["birth.pdf"] == dossier_id("b1", "birth.pdf")
    db.close()


def test_a_second_batch_with_the_same_file_is_a_duplicate(db, tmp_path):
    store = LocalFolderStore(tmp_path / "o")
    ids = record_batch(db, store, tmp_path)
    db.start_batch("b2")
    did = db.begin_dossier("b2", "again.pdf", "file")
    dup = db.find_duplicate(sha(b"%PDF-1.4 birth form"), exclude_dossier=did)
    assert dup.id == ids["birth.pdf"] and dup.batch == "b1"
    # a file inside a folder dossier is found too
    dup2 = db.find_duplicate(sha(b"png page 1"), exclude_dossier=did)
    assert dup2.id == ids["land/"]


def test_review_items_close_when_the_state_changes(db, tmp_path):
    ids = record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    fid = ids["land/"]
    db.finish_dossier(fid, "review", Reason.sector_db_unavailable, "OperationalError after 4 attempts")
    assert [r["reason"] for r in db.open_reviews("b1")] == ["sector_db_unavailable"]
    assert [d.id for d in db.retryable("b1")] == [fid]
    db.finish_dossier(fid, "loaded")
    assert db.open_reviews("b1") == [] and db.retryable("b1") == []
    db.finish_dossier(ids["birth.pdf"], "review", Reason.field_invalid, "applicant_id_number")
    db.resolve_review(ids["birth.pdf"], "reviewer-7", "checked against paper", "loaded")
    assert db.get_dossier(ids["birth.pdf"]).state == "loaded"
    ev = db.events(dossier_id=ids["birth.pdf"])
    assert ev[-1].step == "review" and ev[-1].agent == "reviewer-7"
    with pytest.raises(AlreadyResolved):  # nothing open any more: a second decision changes nothing
        db.resolve_review(ids["birth.pdf"], "reviewer-8", "again", "rejected")
    assert db.get_dossier(ids["birth.pdf"]).state == "loaded" and db.events(dossier_id=ids["birth.pdf"]) == ev


def test_provenance_records_steps_with_time_outcome_and_agent(db, tmp_path):
    ids = record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    ev = db.events(dossier_id=ids["birth.pdf"])
    steps = [(e.step, e.outcome) for e in ev]
    assert ("checksum", "ok") in steps and ("ocr", "ok") in steps
    assert all(e.at is not None and e.agent.startswith("sohoa ") for e in ev)
    orig = layout.original_key(sha(b"%PDF-1.4 birth form"))
    orig_events = db.events(object_key=orig)
    assert [(e.step, e.outcome) for e in orig_events] == [("ingestion", "stored"), ("checksum", "ok")]
    assert orig_events[1].detail["sha256"] == sha(b"%PDF-1.4 birth form")
    batch_steps = [(e.step, e.outcome) for e in db.events(batch="b1") if e.step == "batch"]
    assert batch_steps == [("batch", "started"), ("batch", "finished")]


def test_finish_dossier_rejects_unknown_states(db):
    db.start_batch("b")
    did = db.begin_dossier("b", "x.pdf", "file")
    with pytest.raises(ValueError):
        db.finish_dossier(did, "done")
    with pytest.raises(ValueError):
        db.begin_dossier("b", "y", "zip")


def test_pages_keep_engine_and_flags(db, tmp_path):
    ids = record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    from sqlalchemy import select
    from storage.pipeline_models import PageRow

    with db._sessions() as s:
        rows = s.scalars(select(PageRow).where(PageRow.dossier_id == ids["birth.pdf"])
                         .order_by(PageRow.number)).all()
        assert [(r.engine, r.engine_version, r.flags, r.mean_conf) for r in rows] == [
            ("tesseract", "5.3.0", [], 88.5), ("tesseract", "5.3.0", ["blurry"], 88.5)]


def test_migrations_go_up_and_down(any_db_url):
    from storage.engines import make_engine

    eng = make_engine(any_db_url)
    migrations.upgrade(eng, "pipeline")
    assert migrations.current(eng, "pipeline") == "p0008_documents"
    tables = set(inspect(eng).get_table_names())
    assert {"batches", "dossiers", "documents", "pages", "fields", "artifacts", "objects", "review_items",
            "events", "users", "work_items", "api_tokens", "api_access_log", "document_metadata",
            "uploads", "access_log", "corrections", "search_index"} <= tables
    migrations.downgrade(eng, "pipeline", "base")
    assert migrations.current(eng, "pipeline") is None
    assert set(inspect(eng).get_table_names()) <= {"alembic_version_pipeline"}
    migrations.upgrade(eng, "pipeline")
    assert "dossiers" in inspect(eng).get_table_names()
    eng.dispose()


def test_alembic_command_line_uses_the_same_migrations(tmp_path):
    """Operators run Alembic by hand with storage/alembic.ini; the URL comes from -x or SOHOA_ settings."""
    import subprocess
    import sys
    from pathlib import Path

    from storage.engines import make_engine

    root = Path(__file__).parents[2]
    alembic = [sys.executable, "-m", "alembic", "-c", str(root / "storage" / "alembic.ini")]
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    subprocess.run([*alembic, "-n", "pipeline", "-x", f"url={url}", "upgrade", "head"], check=True, cwd=tmp_path,
                   capture_output=True)
    db = PipelineDB(url, migrate=False)
    assert migrations.current(db.engine, "pipeline") == "p0008_documents"
    db.start_batch("b")
    assert db.list_batches() == ["b"]
    db.close()
    env = {"SOHOA_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    subprocess.run([*alembic, "-n", "sector", "-x", "sector=dat_dai", "upgrade", "head"], check=True,
                   cwd=tmp_path, env=env, capture_output=True)
    sector_file = tmp_path / "home" / "sectors" / "dat_dai.sqlite"
    assert "dat_dai_records" in inspect(make_engine(f"sqlite:///{sector_file}")).get_table_names()


def test_the_same_original_recorded_by_parallel_dossiers(db):
    """GIVEN eight dossiers holding the same file WHEN they record its original at the same moment
    (Prefect runs dossiers in threads) THEN every call succeeds and the object is recorded once."""
    from concurrent.futures import ThreadPoolExecutor

    db.start_batch("b")
    ids = [db.begin_dossier("b", f"copy{i}.pdf", "file") for i in range(8)]
    key, digest = layout.original_key("e" * 64), "e" * 64
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda did: db.record_object(key, digest, 10, "original", batch="b", dossier_id=did), ids))
    assert db.counts()["objects"] == 1
    outcomes = sorted(e.outcome for e in db.events(object_key=key) if e.step == "ingestion")
    assert outcomes.count("stored") == 1 and len(outcomes) == 8


def test_batch_views_equal_single_views(db, tmp_path):
    """The batched query path (export) returns exactly what the per-dossier path returns."""
    record_batch(db, LocalFolderStore(tmp_path / "o"), tmp_path)
    db.start_batch("b2")
    other = db.begin_dossier("b2", "other.pdf", "file")
    db.set_pages(other, [page(1, "khác")])
    views = db.dossier_views("b1")
    assert [v.source for v in views] == ["birth.pdf", "copy.pdf", "land/"]
    assert views == [db.dossier_view(v.id) for v in views]
    assert all(v.batch == "b1" for v in views)


def test_two_batches_ingesting_the_same_content_at_once_do_not_both_become_duplicates(db):
    """GIVEN the same content begun in two batches, both still processing WHEN each asks for a
    duplicate THEN exactly one of them is the original (the one begun first) and processes it."""
    content = sha(b"same scan")
    for batch in ("p1", "p2"):
        db.start_batch(batch)
    first = db.begin_dossier("p1", "x.png", "file", sha256=content)
    second = db.begin_dossier("p2", "y.png", "file", sha256=content)
    assert db.find_duplicate(content, exclude_dossier=first) is None
    assert db.find_duplicate(content, exclude_dossier=second).id == first


def test_documents_dossier_codes_and_box_parts_are_recorded_and_exported(db, tmp_path):
    """GIVEN a box file cut into two dossiers, one with a receipt's code WHEN they are recorded as the
    ingest flow does THEN the export lists the box's parts and sheets, each part's box pages,
    documents and code, the code finds its dossier, and dropping the parts leaves the box alone."""
    db.start_batch("b2")
    box = db.begin_dossier("b2", "hop.pdf", "file", sha256=sha(b"box"))
    p1 = db.begin_dossier("b2", "hop.pdf/part-01", "part", sha256=sha(b"p1"), parent_id=box)
    p2 = db.begin_dossier("b2", "hop.pdf/part-02", "part", sha256=sha(b"p2"), parent_id=box)
    docs = [{"kind": "receipt", "first_page": 1, "last_page": 1, "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
             "confidence": 0.97, "metadata": {"TypeName": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"}},
            {"kind": "form", "first_page": 2, "last_page": 3, "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
             "confidence": 0.95, "metadata": {"TypeName": "Tờ khai"}}]
    code = {"value": "000.00.31.H12-220801-0001", "source": "barcode", "page": 1, "confidence": 0.99}
    db.set_contents(p1, docs, code)
    db.set_box(p1, {"of": "hop.pdf", "pages": [2, 4]})
    db.set_box(p2, {"of": "hop.pdf", "pages": [6, 6]})
    db.set_box(box, {"parts": [{"source": "hop.pdf/part-01", "pages": [2, 4]},
                               {"source": "hop.pdf/part-02", "pages": [6, 6]}], "separator_pages": [1, 5]})
    for did, state in ((p1, "loaded"), (p2, "review"), (box, "split")):
        db.finish_dossier(did, state, "required_field_missing" if state == "review" else None)
    recs = {r["source"]: r for r in db.export_records("b2")}
    assert recs["hop.pdf"]["status"] == "split" and recs["hop.pdf"]["separator_pages"] == [1, 5]
    assert [p["source"] for p in recs["hop.pdf"]["parts"]] == ["hop.pdf/part-01", "hop.pdf/part-02"]
    part = recs["hop.pdf/part-01"]
    assert part["part_of"] == {"of": "hop.pdf", "pages": [2, 4]}
    assert part["documents"] == docs and part["dossier_code"] == code["value"] and part["dossier_code_read"] == code
    assert [r.id for r in db.find_by_code(code["value"])] == [p1] and db.find_by_code("x") == []
    assert [r.source for r in db.parts_of(box)] == ["hop.pdf/part-01", "hop.pdf/part-02"]
    assert sorted(db.drop_parts(box)) == sorted([p1, p2])
    assert [r.source for r in db.batch_status("b2")] == ["hop.pdf"] and db.parts_of(box) == []

