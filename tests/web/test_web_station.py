"""The rest of the reviewer's and the archive's day through FastAPI's TestClient: the procedure chosen by
name or code, corrections kept as labelled data, search over loaded dossiers, the dossier page with
its PDF/A, and the access log of every look at personal data."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from web_helpers import PASSWORD, csrf_of, form_of, seed_dossier, sign_in, state_of

from sohoa.cli import app as cli
from sohoa.config import Settings
from storage.pipeline_db import PipelineDB
from storage.station_db import StationDB
from storage.station_models import AccessEntry


def as_role(client, accounts, role):
    client.cookies.clear()
    return sign_in(client, accounts[role], PASSWORD.format(role=role))


def approve(client, did: str, **change) -> object:
    page = client.get(f"/review/{did}").text
    return client.post(f"/review/{did}", data={**form_of(page), **change, "action": "approve"},
                       follow_redirects=False)


def access_rows() -> list[AccessEntry]:
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return StationDB(db.engine).access_log(limit=1000)[::-1]
    finally:
        db.close()


@pytest.mark.parametrize("typed, key", [
    ("Đăng ký khai tử (1.000656)", "death_registration"),  # the list's label
    ("1.000656", "death_registration"),  # its code
    ("dang ky khai tu", "death_registration"),  # its name, typed without tone marks
    ("birth_registration", "birth_registration"),  # its key
])
def test_the_procedure_is_chosen_from_the_catalogue_by_name_or_code(client, accounts, sector, typed, key):
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    page = client.get(f"/review/{did}").text
    assert 'value="Đăng ký khai sinh (1.001193)"' in page  # the machine's procedure, as the list names it
    assert '<option value="Đăng ký khai tử (1.000656)">' in page
    data = json.loads(page.split('id="procedure-data">')[1].split("</script>")[0])
    assert data["required"]["death_registration"] == ["applicant_name", "applicant_id_number", "subject_name",
                                                      "death_date"]
    change = {"procedure": typed}
    if key == "death_registration":  # its own required field, typed as the page now asks
        change["f.death_date"] = "03/11/2024"
    r = approve(client, did, **change)
    assert r.status_code == 303, r.text
    assert state_of(did)[3].key == key and state_of(did)[0] == "loaded"


def test_an_unknown_procedure_is_refused_in_vietnamese_and_nothing_is_loaded(client, accounts, sector):
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    before = state_of(did)
    r = approve(client, did, procedure="đăng ký nuôi mèo")
    assert r.status_code == 422 and "Thủ tục không có trong danh mục" in r.text
    assert 'value="đăng ký nuôi mèo"' in r.text  # what was typed stays in the box
    assert state_of(did) == before and sector.count() == 0


def test_corrections_are_kept_as_labelled_data_and_exported(client, accounts, sector, tmp_path):
    """GIVEN a dossier in review WHEN the reviewer corrects one name, adds the phone number the machine
    missed, and keeps the rest THEN one row per value says what the machine read, what the reviewer
    settled on, and where on the page; the export writes them as JSON lines."""
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    r = approve(client, did, **{"f.subject_name": "Nguyễn Thị Bính", "f.phone": "0912345678"})
    assert r.status_code == 303, r.text
    out = tmp_path / "corrections.jsonl"
    result = CliRunner().invoke(cli, ["review", "corrections", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {row["field"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["subject_name"] | {"at": None} == {
        "dossier_id": did, "batch": "web-1", "field": "subject_name", "outcome": "corrected",
        "machine_value": "Nguyễn Thị Bình", "machine_raw": "NGUYỄN THỊ BÌNH", "machine_confidence": 0.92,
        "value": "Nguyễn Thị Bính", "page": 1, "bbox": [300, 540, 900, 590], "reviewer": "reviewer1", "at": None}
    assert (rows["phone"]["outcome"], rows["phone"]["machine_value"], rows["phone"]["value"]) == \
        ("added", None, "0912345678")
    assert rows["subject_birth_date"]["outcome"] == "accepted"  # the machine was right, at 0.61
    assert rows["applicant_id_number"]["value"] == rows["applicant_id_number"]["machine_value"]
    assert (rows["procedure"]["outcome"], rows["procedure"]["value"]) == ("accepted", "birth_registration")
    assert len(rows) == 7  # five read, one added, the procedure


def test_search_finds_loaded_dossiers_by_name_id_text_and_doc_code(client, accounts, sector):
    loaded, waiting = seed_dossier(pdf=True), seed_dossier("khai-sinh-2.png", pdf=True)
    as_role(client, accounts, "reviewer")
    assert approve(client, loaded).status_code == 303
    token = csrf_of(client.get("/search").text)

    def found(by: str, q: str) -> list[str]:
        r = client.post("/search", data={"csrf": token, "by": by, "q": q})
        assert r.status_code == 200, r.text
        return [did for did in (loaded, waiting) if f"/dossiers/{did}" in r.text]

    assert found("name", "nguyen van an") == [loaded]  # no tone marks needed; only loaded dossiers
    assert found("name", "Nguyễn Thị Bình") == [loaded]
    assert found("name", "Nguyễn Văn") == [loaded]
    assert found("name", "Văn Bình") == []  # a name, not words picked from two
    assert found("id_number", "001 085 000 123") == [loaded]
    assert found("id_number", "001085000124") == []
    assert found("text", "tờ khai khai sinh") == [loaded]
    assert found("text", "kết hôn") == []
    code = PipelineDB(Settings().pipeline_db_url).dossier_view(loaded).artifacts["pdf"].split("/")[-1][:26]
    assert found("doc_code", code.lower()) == [loaded]
    r = client.post("/search", data={"csrf": token, "by": "id_number", "q": "12345"})
    assert r.status_code == 422 and "gồm 12 chữ số" in r.text
    r = client.post("/search", data={"csrf": token, "by": "name", "q": "a"})
    assert r.status_code == 422 and "ít nhất 2 ký tự" in r.text


def test_the_dossier_page_shows_the_fields_and_serves_its_pdfa_inline_and_as_a_download(client, accounts, sector):
    did = seed_dossier(pdf=True)
    as_role(client, accounts, "reviewer")
    approve(client, did)
    as_role(client, accounts, "archive")
    page = client.get(f"/dossiers/{did}")
    assert page.status_code == 200 and "Nguyễn Văn An" in page.text and "29/02/2024" in page.text
    assert f'<object data="/dossiers/{did}/pdf" type="application/pdf"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]  # the page itself: never framed
    inline = client.get(f"/dossiers/{did}/pdf")
    assert inline.status_code == 200 and inline.content.startswith(b"%PDF")
    assert inline.headers["content-type"] == "application/pdf"
    assert inline.headers["content-disposition"].startswith('inline; filename="000.00.00.H00_HS_')
    assert inline.headers["x-frame-options"] == "SAMEORIGIN"  # the page's own frame may show it
    assert inline.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert inline.headers["cache-control"] == "no-store"
    download = client.get(f"/dossiers/{did}/pdf/download")
    assert download.headers["content-disposition"].startswith("attachment; ")
    assert download.content == inline.content
    assert client.get(f"/dossiers/{'0' * 32}").status_code == 404


def test_every_look_at_personal_data_is_logged_without_the_data(client, accounts, sector):
    """GIVEN a loaded dossier WHEN a reviewer opens it for review, an archivist searches it by name and
    by ID, opens its page, views and downloads its PDF/A THEN each is one access-log row (who, what,
    which dossier, from where) that holds no name, ID number or search words; a manager reads the log,
    a reviewer may not."""
    did = seed_dossier(pdf=True)
    as_role(client, accounts, "reviewer")
    approve(client, did)
    token = as_role(client, accounts, "archive")
    client.post("/search", data={"csrf": token, "by": "name", "q": "Nguyễn Văn An"})
    client.post("/search", data={"csrf": token, "by": "id_number", "q": "001085000123"})
    client.get(f"/dossiers/{did}")
    client.get(f"/dossiers/{did}/pdf")
    client.get(f"/dossiers/{did}/pdf/download")
    rows = [(e.user, e.action, e.dossier_id, e.detail) for e in access_rows()]
    assert rows == [
        ("reviewer1", "view_review", did, None),
        ("archive1", "search", None, {"by": "name", "results": 1}),
        ("archive1", "search", None, {"by": "id_number", "results": 1}),
        ("archive1", "view_dossier", did, None), ("archive1", "view_pdf", did, None),
        ("archive1", "download_pdf", did, None)]
    assert {e.address for e in access_rows()} == {"testclient"}
    db = PipelineDB(Settings().pipeline_db_url)
    with db.engine.connect() as conn:
        logged = json.dumps([list(map(str, r)) for r in conn.exec_driver_sql("SELECT * FROM access_log")],
                            ensure_ascii=False)
    db.close()
    for value in ("Nguyễn", "Nguyen", "001085000123", "Văn An"):
        assert value not in logged
    as_role(client, accounts, "manager")
    log_page = client.get("/access-log")
    assert log_page.status_code == 200
    assert "Tải bản PDF/A" in log_page.text and "tìm theo Họ tên: 1 kết quả" in log_page.text
    only = client.get("/access-log", params={"action": "download_pdf"}).text
    assert only.count("Tải bản PDF/A") == 2  # the row, and the filter's own option
    as_role(client, accounts, "reviewer")
    assert client.get("/access-log", follow_redirects=False).status_code == 403
