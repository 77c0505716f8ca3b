"""`sohoa review resolve`: a reviewer's values are checked like the machine's, every decision names its
reviewer, and only confirmed or certain values reach a real sector database (SQLite, PostgreSQL, MariaDB).

Each test records one birth-registration dossier in review straight into the pipeline database (as the
ingest flow leaves it: a form page, machine fields, an open review item), then drives the CLI."""
from __future__ import annotations

from datetime import date

import pytest

from flow_helpers import cli, read_jsonl
from storage_testkit import fresh_database, server_url

from sohoa.config import Settings
from sohoa.documents import Classification, FieldValue, Page
from storage.pipeline_db import PipelineDB
from storage.sector_db import SectorDB

BATCH, SOURCE = "rv-1", "khai-sinh.pdf"
# what the machine read: sure of the names and the applicant; unsure of the birth date (why it is in
# review) and of the signing date (not required: left out unless someone confirms it)
MACHINE = {
    "applicant_name": FieldValue(value="Nguyễn Văn An", raw="NGUYỄN VĂN AN", confidence=0.97, page=1),
    "applicant_id_number": FieldValue(value="001085000123", raw="001085000123", confidence=0.95, page=1),
    "applicant_birth_date": FieldValue(value="1985-04-02", raw="02/04/1985", confidence=0.93, page=1),
    "subject_name": FieldValue(value="Nguyễn Thị Bình", raw="NGUYỄN THỊ BÌNH", confidence=0.92, page=1),
    "subject_birth_date": FieldValue(value="2024-02-29", raw="29/02/2O24", confidence=0.61, page=1),
    "signed_date": FieldValue(value="2024-03-05", raw="05/03/2024", confidence=0.55, page=1),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.needs_postgres),
                        pytest.param("mariadb", marks=pytest.mark.needs_mariadb)])
def sector(request, home, monkeypatch):
    """The ho_tich sector database on each supported server, fresh and empty."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'ho_tich.sqlite'}"
        home.mkdir(parents=True, exist_ok=True)
    else:
        url, drop = fresh_database(server_url("SOHOA_TEST_PG_URL" if request.param == "postgres"
                                              else "SOHOA_TEST_MARIADB_URL"))
    monkeypatch.setenv("SOHOA_SECTOR_DB_HO_TICH", url)
    monkeypatch.delenv("SOHOA_USER", raising=False)
    monkeypatch.setenv("SOHOA_REVIEW_THRESHOLD", "0.80")  # MACHINE's confidences are set against it
    db = SectorDB(url, "ho_tich")
    yield db
    db.close()
    if drop:
        drop()


@pytest.fixture
def did(home) -> str:
    """One dossier in review (field_uncertain), as the ingest flow leaves it."""
    db = PipelineDB(Settings().pipeline_db_url)
    db.start_batch(BATCH)
    d = db.begin_dossier(BATCH, SOURCE, "file", sha256="ab" * 32)
    db.set_pages(d, [Page(number=1, width=100, height=140, dpi=300, source="ocr",
                          text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỜ KHAI ĐĂNG KÝ KHAI SINH")])
    db.set_fields(d, MACHINE)
    db.set_classification(d, Classification(key="birth_registration", code="1.001193", sector="ho_tich",
                                            confidence=0.9, method="rules"))
    db.finish_dossier(d, "review", "field_uncertain", "subject_birth_date: low confidence 0.61 < 0.80")
    db.close()
    return d


def resolve(did: str, *args: str, ok: bool = True):
    return cli("review", "resolve", did, *args, ok=ok)


def said(result) -> str:
    """The command's output with the usage box's borders and line wrapping taken out."""
    return " ".join(result.output.replace("│", " ").split())


def pipeline() -> PipelineDB:
    return PipelineDB(Settings().pipeline_db_url)


def snapshot(did: str) -> tuple:
    """Everything a refused decision must leave as it was."""
    db = pipeline()
    try:
        v = db.dossier_view(did)
        return (v.state, v.reason, v.fields, v.classification, len(db.open_reviews(BATCH)),
                [(e.step, e.outcome) for e in db.events(dossier_id=did)])
    finally:
        db.close()


def exported(home) -> dict:
    out = home / "export.jsonl"
    cli("export", "--batch", BATCH, "-o", str(out))
    (record,) = read_jsonl(out)
    return record


@pytest.mark.parametrize("typed", ["subject_id_number=12345", "signed_date=31/02/2024",
                                   "subject_birth_date=01/01/2099", "applicant_id_number=O01085000123"])
def test_an_invalid_value_is_refused_and_nothing_is_stored(sector, did, typed):
    """GIVEN a dossier in review WHEN a reviewer types a value its validator refuses (an ID of 5 digits,
    31 February, a birth in the future, a letter O in an ID) THEN the command fails naming the field and
    the problem, and neither the pipeline nor the sector database changes."""
    before = snapshot(did)
    result = resolve(did, "--user", "lan", "--accept", "subject_birth_date", "--field", typed, "--load", ok=False)
    key = typed.split("=")[0]
    assert result.exit_code == 2 and f"{key}:" in said(result)
    assert snapshot(did) == before
    assert sector.count() == 0


def test_an_unknown_field_name_is_refused_with_the_valid_ones(sector, did):
    before = snapshot(did)
    for option in (["--field", "subject_id_numbr=001324000123"], ["--accept", "signed_dat"]):
        result = resolve(did, "--user", "lan", "--accept", "subject_birth_date", *option, "--load", ok=False)
        assert result.exit_code == 2
        out = said(result)
        assert "unknown field" in out and "subject_id_number" in out and "signed_date" in out
    assert snapshot(did) == before and sector.count() == 0


@pytest.mark.parametrize("typed", ["05/03/2024", "2024-03-05"])
def test_export_and_sector_database_hold_the_same_normalised_values(sector, did, home, typed):
    """GIVEN a reviewer's date in the printed or the export's form and a name in lower case WHEN the
    dossier is loaded THEN the export and the sector row hold the same ISO date and title-case name."""
    resolve(did, "--user", "lan", "--field", f"signed_date={typed}", "--field", "subject_name=nguyễn thị  bình",
            "--accept", "subject_birth_date", "--load")
    row = sector.get(did)
    fields = exported(home)["fields"]
    assert fields["signed_date"]["value"] == "2024-03-05" and row["signed_date"] == date(2024, 3, 5)
    assert fields["subject_name"]["value"] == row["subject_name"] == "Nguyễn Thị Bình"
    assert row["extra"] is None  # nothing spilled out of its typed column
    for key, f in fields.items():  # every value the export marks loaded is the sector row's, and no other
        in_row = row[key].isoformat() if isinstance(row[key], date) else row[key]
        assert (f["loaded"], in_row) == ((True, f["value"]) if f["loaded"] else (False, None)), key


def test_untouched_uncertain_values_are_left_out_of_the_sector_database(sector, did, home):
    """GIVEN a signing date read at 0.55 that nobody touched WHEN the dossier is loaded THEN the sector row
    has no signing date, the accepted birth date (0.61) is loaded, and the left-out field is recorded."""
    out = resolve(did, "--user", "lan", "--accept", "subject_birth_date", "--load").output
    assert "signed_date" in out
    row = sector.get(did)
    assert row["signed_date"] is None and not (row["extra"] or {}).get("signed_date")
    assert row["subject_birth_date"] == date(2024, 2, 29) and row["applicant_name"] == "Nguyễn Văn An"
    db = pipeline()
    event = db.events(dossier_id=did)[-1]
    view = db.dossier_view(did)
    db.close()
    assert event.detail["left_out"] == ["signed_date"] and "subject_birth_date" in event.detail["loaded"]
    assert view.fields["subject_birth_date"].confirmed_by == "lan"
    assert view.fields["signed_date"].confirmed_by is None
    fields = exported(home)["fields"]
    assert fields["signed_date"]["loaded"] is False and fields["subject_birth_date"]["loaded"] is True


def test_a_required_value_nobody_confirmed_is_not_loaded(sector, did):
    """The birth date (required, 0.61) is why the dossier is in review: loading it untouched is refused."""
    before = snapshot(did)
    result = resolve(did, "--user", "lan", "--load", ok=False)
    assert result.exit_code == 2 and "subject_birth_date neither confirmed nor certain" in said(result)
    assert snapshot(did) == before and sector.count() == 0


def test_every_decision_is_recorded_with_its_reviewer(sector, did, monkeypatch):
    before = snapshot(did)
    result = resolve(did, "--accept", "subject_birth_date", "--load", ok=False)  # nobody named
    assert result.exit_code == 2 and "SOHOA_USER" in said(result)
    assert snapshot(did) == before

    monkeypatch.setenv("SOHOA_USER", "reviewer-7")
    resolve(did, "--field", "subject_id_number=001324000123", "--accept", "subject_birth_date", "--load")
    db = pipeline()
    event = db.events(dossier_id=did)[-1]
    view = db.dossier_view(did)
    db.close()
    assert (event.step, event.outcome, event.agent) == ("review", "loaded", "reviewer-7")
    assert event.detail["edited"] == ["subject_id_number"] and event.detail["accepted"] == ["subject_birth_date"]
    assert "001324000123" not in str(event.detail)  # field names only: no personal data in provenance
    assert view.fields["subject_id_number"].confirmed_by == "reviewer-7"
    assert view.fields["subject_id_number"].confidence == 1.0
    assert sector.get(did)["subject_id_number"] == "001324000123"


def test_a_resolve_must_choose_an_outcome(sector, did):
    """A plain close (no --load / --reject / --rescan) is refused: it would leave the dossier in review
    with its item closed."""
    before = snapshot(did)
    for args in ([], ["--load", "--rescan"], ["--reject"]):  # none, two, a reject without its reason
        result = resolve(did, "--user", "lan", "--accept", "subject_birth_date", *args, ok=False)
        assert result.exit_code == 2 and ("choose one outcome" in said(result) or "needs --reason" in said(result))
    assert snapshot(did) == before and sector.count() == 0


@pytest.mark.parametrize("args, state, reason", [
    (["--reject", "--reason", "không phải hồ sơ khai sinh"], "rejected", "rejected_by_reviewer"),
    (["--rescan", "--reason", "trang 2 bị mờ"], "rescan", "rescan_requested"),
])
def test_reject_and_rescan_close_the_item_with_an_explicit_state(sector, did, home, args, state, reason):
    assert state in resolve(did, "--user", "lan", *args).output
    db = pipeline()
    view, items = db.dossier_view(did), db.open_reviews(BATCH)
    event = db.events(dossier_id=did)[-1]
    db.close()
    assert (view.state, view.reason, view.reason_detail) == (state, reason, args[-1])
    assert items == [] and (event.outcome, event.agent) == (state, "lan")
    assert sector.count() == 0
    assert exported(home)["status"] == state
    # values are only for a load
    again = resolve(did, "--user", "lan", "--field", "signed_date=05/03/2024", "--rescan", ok=False)
    assert again.exit_code == 2 and "only go with --load" in said(again)


def test_resolving_an_already_resolved_dossier_is_refused(sector, did):
    resolve(did, "--user", "lan", "--accept", "subject_birth_date", "--load")
    row = sector.get(did)
    before = snapshot(did)
    for args in (["--accept", "subject_birth_date", "--load"], ["--reject", "--reason", "nhầm"], ["--rescan"]):
        result = resolve(did, "--user", "minh", *args, ok=False)
        assert result.exit_code == 2 and "no open review item" in said(result)
    assert snapshot(did) == before
    assert sector.get(did) == row


def test_values_that_contradict_each_other_are_checked_like_the_machines(sector, did):
    """The ID number prints the birth year. Two typed values that disagree are refused; a typed ID that
    disagrees with the machine's (certain) applicant birth date makes that date invalid: not loaded."""
    before = snapshot(did)
    result = resolve(did, "--user", "lan", "--field", "subject_id_number=001399000123",  # born 1999
                     "--field", "subject_birth_date=29/02/2024", "--load", ok=False)
    assert result.exit_code == 2 and "subject_id_number and subject_birth_date contradict" in said(result)
    assert snapshot(did) == before and sector.count() == 0

    resolve(did, "--user", "lan", "--field", "applicant_id_number=001090000123",  # born 1990, read 1985
            "--accept", "subject_birth_date", "--load")
    row = sector.get(did)
    assert row["applicant_id_number"] == "001090000123" and row["applicant_birth_date"] is None
    db = pipeline()
    detail = db.events(dossier_id=did)[-1].detail
    db.close()
    assert detail["invalidated"] == ["applicant_birth_date"] and "applicant_birth_date" in detail["left_out"]
