"""The REST API (/api/v1) through FastAPI's TestClient on a real pipeline database, object store and
sector database: review decisions through the pipeline's own validators, records, reports, the 7197
document API, tokens and the access log."""
from __future__ import annotations

import io

import pikepdf
import pytest

from web_helpers import BATCH, DECISION_METADATA, add_pdf, seed_dossier, state_of

from sohoa.config import Settings
from storage.api_tokens import ApiTokens
from storage.pipeline_db import PipelineDB
from storage.station_db import StationDB


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def pipeline() -> PipelineDB:
    return PipelineDB(Settings().pipeline_db_url)


def accesses(did: str) -> list[tuple[str, str]]:
    """The dossier's rows in the one access log (the pages' and the API's), oldest first."""
    db = pipeline()
    try:
        return [(a.user, a.action) for a in StationDB(db.engine).access_log(dossier_id=did)][::-1]
    finally:
        db.close()


@pytest.mark.parametrize("fields, code, where, said", [
    ({"applicant_id_number": "12345"}, "invalid_value", "applicant_id_number", "có 5 chữ số, cần 12"),
    ({"applicant_id_number": "099085000123"}, "invalid_value", "applicant_id_number", "mã tỉnh không tồn tại"),
    ({"subject_birth_date": "31/02/2024"}, "invalid_value", "subject_birth_date", "không có ngày này"),
    ({"applicant_nickname": "An"}, "unknown_field", "applicant_nickname", "không có trong danh mục"),
])
def test_reviewer_input_is_refused_like_the_machines_and_nothing_is_loaded(client, tokens, sector, fields, code,
                                                                            where, said):
    """GIVEN a dossier in review WHEN a reviewer approves it through the API with an invalid citizen ID,
    an impossible date or an unknown field THEN 422 names the field with a Vietnamese message, and the
    dossier, its review item, its events and the sector database are as they were."""
    did = seed_dossier()
    before = state_of(did)
    r = client.post(f"/api/v1/review/{did}/approve", headers=bearer(tokens["reviewer"]), json={"fields": fields})
    assert r.status_code == 422, r.text
    (problem,) = r.json()["detail"]
    assert problem["type"] == code and problem["loc"] == ["body", "fields", where]
    assert said in problem["msg"] and "không có gì được lưu" in problem["msg"].lower()
    assert where in problem["ctx"]["en"]  # the CLI's English message too
    assert state_of(did) == before
    assert sector.count() == 0


def test_a_body_with_an_unknown_key_or_a_wrong_type_is_refused(client, tokens, sector):
    did = seed_dossier()
    before = state_of(did)
    for body in ({"fields": {}, "load_everything": True}, {"fields": ["subject_birth_date"]}, {"accept": "x"}):
        r = client.post(f"/api/v1/review/{did}/approve", headers=bearer(tokens["reviewer"]), json=body)
        assert r.status_code == 422, (body, r.text)
    assert state_of(did) == before and sector.count() == 0


def test_approve_with_a_correction_loads_the_record_in_the_reviewers_name(client, tokens, sector, accounts):
    """GIVEN a dossier in review (unsure of a birth date) WHEN a reviewer approves it through the API
    typing the date THEN the record is in the sector database with the normalised date, the field is
    confirmed by that reviewer, the decision is a provenance event in their name, and the record can
    be read back through the API (an access the log keeps, without the data)."""
    did = seed_dossier()
    r = client.post(f"/api/v1/review/{did}/approve", headers=bearer(tokens["reviewer"]),
                    json={"fields": {"subject_birth_date": "29/02/2024"}, "note": "đã xem ảnh"})
    assert r.status_code == 200, r.text
    assert r.json() == {"dossier_id": did, "state": "loaded", "loaded": [
        "applicant_birth_date", "applicant_id_number", "applicant_name", "subject_birth_date", "subject_name"],
        "left_out": []}
    row = sector.get(did)
    assert str(row["subject_birth_date"]) == "2024-02-29"
    db = pipeline()
    view = db.dossier_view(did)
    (event,) = [e for e in db.events(dossier_id=did) if e.step == "review"]
    db.close()
    assert view.state == "loaded" and view.fields["subject_birth_date"].confirmed_by == accounts["reviewer"]
    assert (event.agent, event.outcome) == (accounts["reviewer"], "loaded")
    assert "2024" not in str(event.detail)  # field names, never values

    got = client.get(f"/api/v1/records/{did}", headers=bearer(tokens["archive"]))
    assert got.status_code == 200, got.text
    assert got.json()["fields"]["subject_birth_date"] == "2024-02-29"
    assert got.json()["fields"]["applicant_id_number"] == "001085000123"
    assert (got.json()["has_drawings"], got.json()["drawings"]) == (False, [])  # a form alone: no drawings or maps
    assert accesses(did) == [(accounts["archive"], "api_record")]
    again = client.post(f"/api/v1/review/{did}/approve", headers=bearer(tokens["reviewer"]), json={})
    assert again.status_code == 409 and again.json()["code"] == "not_in_review"


@pytest.mark.parametrize("action, body, state", [
    ("reject", {"reason": "không phải hồ sơ khai sinh"}, "rejected"),
    ("rescan", {"reason": "trang 2 mờ"}, "rescan"),
])
def test_reject_and_rescan_close_the_item(client, tokens, sector, accounts, action, body, state):
    did = seed_dossier()
    r = client.post(f"/api/v1/review/{did}/{action}", headers=bearer(tokens["reviewer"]), json=body)
    assert r.status_code == 200 and r.json()["state"] == state
    assert state_of(did)[0] == state and sector.count() == 0
    assert client.get("/api/v1/review", headers=bearer(tokens["reviewer"])).json() == []
    assert client.get(f"/api/v1/records/{did}", headers=bearer(tokens["reviewer"])).status_code == 404


def test_a_reject_needs_a_reason(client, tokens):
    did = seed_dossier()
    r = client.post(f"/api/v1/review/{did}/reject", headers=bearer(tokens["reviewer"]), json={"reason": "  "})
    assert r.status_code == 422 and state_of(did)[0] == "review"


@pytest.mark.parametrize("blank", ["\x1c", "\x1f \x1d", "\x85", "\u3000"])
def test_a_reason_of_separators_only_is_refused_by_the_schema_itself(client, tokens, blank):
    """Python's strip() empties these (the decision's check) though JSON Schema's \\s does not hold
    the separators: the schema's pattern refuses them too, so a schema-valid reason is never refused."""
    did = seed_dossier()
    r = client.post(f"/api/v1/review/{did}/reject", headers=bearer(tokens["reviewer"]), json={"reason": blank})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "string_pattern_mismatch"
    assert state_of(did)[0] == "review"


def test_one_dossier_shows_fields_confidence_state_reason_and_pages_and_the_reading_is_logged(client, tokens,
                                                                                            accounts):
    did = seed_dossier()
    r = client.get(f"/api/v1/dossiers/{did}", headers=bearer(tokens["reviewer"]))
    assert r.status_code == 200
    d = r.json()
    assert (d["state"], d["reason"], d["review"]["reason"]) == ("review", "field_uncertain", "field_uncertain")
    fields = {f["key"]: f for f in d["fields"]}
    assert fields["subject_birth_date"]["status"] == "uncertain" and fields["subject_birth_date"]["page"] == 1
    assert fields["subject_birth_date"]["confidence"] == 0.61 and fields["subject_birth_date"]["required"]
    assert fields["applicant_name"]["status"] == "certain"
    assert [p["number"] for p in d["pages"]] == [1]
    assert accesses(did) == [(accounts["reviewer"], "api_dossier")]
    assert client.get("/api/v1/dossiers/" + "0" * 32, headers=bearer(tokens["reviewer"])).status_code == 404
    assert client.get("/api/v1/dossiers/not-an-id", headers=bearer(tokens["reviewer"])).status_code == 422


def test_batches_dossier_lists_and_the_report_count_by_state(client, tokens, sector):
    a, b = seed_dossier("a.png"), seed_dossier("b.png")
    seed_dossier("c.png", batch="web-2")
    client.post(f"/api/v1/review/{a}/approve", headers=bearer(tokens["reviewer"]),
                json={"accept": [], "fields": {"subject_birth_date": "2024-02-29"}}).raise_for_status()
    batches = client.get("/api/v1/batches", headers=bearer(tokens["operator"])).json()
    assert [(x["id"], x["total"], x["by_state"]) for x in batches] == [
        (BATCH, 2, {"loaded": 1, "review": 1}), ("web-2", 1, {"review": 1})]
    one = client.get(f"/api/v1/batches/{BATCH}", headers=bearer(tokens["archive"])).json()
    assert one["by_reason"] == {"field_uncertain": 1}
    assert client.get("/api/v1/batches/none", headers=bearer(tokens["archive"])).status_code == 404

    listed = client.get("/api/v1/dossiers", params={"batch": BATCH, "state": "review"},
                        headers=bearer(tokens["archive"])).json()
    assert listed["total"] == 1 and [x["id"] for x in listed["items"]] == [b]
    page = client.get("/api/v1/dossiers", params={"limit": 2, "offset": 2}, headers=bearer(tokens["operator"])).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert "fields" not in page["items"][0]  # lists carry no field values

    report = client.get("/api/v1/reports/summary", headers=bearer(tokens["manager"])).json()
    assert report["total"] == 3 and report["by_state"] == {"loaded": 1, "review": 2}
    (proc,) = report["by_procedure"]
    assert (proc["procedure"], proc["name"], proc["by_state"]) == ("birth_registration", "Đăng ký khai sinh",
                                                                   {"loaded": 1, "review": 2})
    assert report["by_sector"][0]["sector"] == "ho_tich" and len(report["by_month"]) == 1
    assert sum(r["count"] for r in report["rows"]) == 3
    only = client.get("/api/v1/reports/summary", params={"batch": "web-2"}, headers=bearer(tokens["manager"])).json()
    assert only["total"] == 1


def test_the_document_api_reads_updates_and_downloads_by_doccode(client, tokens, accounts):
    """GIVEN a dossier with its digitised PDF/A WHEN archive staff read its 7197 metadata, set some
    elements and download the file by DocCode THEN the machine's reading shows until a person sets an
    element, the change is a provenance event in their name (names only), an impossible date is refused
    with nothing stored, and the download is the stored PDF/A."""
    did = seed_dossier()
    code = add_pdf(did)
    h = bearer(tokens["archive"])
    doc = client.get(f"/api/v1/documents/{code}", headers=h).json()
    assert doc["DocCode"] == code and doc["dossier_id"] == did and doc["FileName"].startswith(code + "_")
    assert {k: doc[k] for k in ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "Subject")} == {
        k: DECISION_METADATA[k] for k in ("TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "Subject")}
    assert doc["missing"] == ["OrganName"] and doc["PageAmount"] == 1 and doc["set_by_person"] == []

    r = client.put(f"/api/v1/documents/{code}", headers=h,
                   json={"OrganName": "ỦY BAN NHÂN DÂN XÃ TÂN UYÊN", "IssuedDate": "06/03/2024", "Keyword": "khai sinh"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["OrganName"] == "ỦY BAN NHÂN DÂN XÃ TÂN UYÊN" and doc["IssuedDate"] == "2024-03-06"
    assert doc["missing"] == [] and doc["set_by_person"] == ["IssuedDate", "Keyword", "OrganName"]
    assert doc["updated_by"] == accounts["archive"]
    db = pipeline()
    (event,) = [e for e in db.events(dossier_id=did) if e.step == "metadata"]
    db.close()
    assert event.agent == accounts["archive"]
    assert event.detail == {"doc_code": code, "set": ["IssuedDate", "Keyword", "OrganName"], "cleared": []}

    before = client.get(f"/api/v1/documents/{code}", headers=h).json()
    for bad in ({"IssuedDate": "30/02/2024"}, {"OrganName": "ỦY BAN NHÂN DÂN"}, {"CodeNumber": "15a"},
                {"DocCode": "X"}, {"PageAmount": 3}):
        refused = client.put(f"/api/v1/documents/{code}", headers=h, json=bad)
        assert refused.status_code == 422, bad
    assert "không có ngày này" in str(client.put(f"/api/v1/documents/{code}", headers=h,
                                                 json={"IssuedDate": "30/02/2024"}).json())
    assert client.get(f"/api/v1/documents/{code}", headers=h).json() == before

    cleared = client.put(f"/api/v1/documents/{code}", headers=h, json={"Keyword": None}).json()
    assert cleared["Keyword"] is None and cleared["OrganName"] == "ỦY BAN NHÂN DÂN XÃ TÂN UYÊN"

    pdf = client.get(f"/api/v1/documents/download/{code}", headers=bearer(tokens["reviewer"]))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert code in pdf.headers["content-disposition"]
    with pikepdf.open(io.BytesIO(pdf.content)) as p:
        assert len(p.pages) == 1 and "/OutputIntents" in p.Root
    assert accesses(did) == [(accounts["archive"], "api_document")] * 3 + [(accounts["reviewer"], "api_download")]
    assert client.put(f"/api/v1/documents/{code}", headers=bearer(tokens["reviewer"]), json={}).status_code == 403
    missing = client.get("/api/v1/documents/000.00.00.H00_HS_999999_V1", headers=h)
    assert missing.status_code == 404 and missing.json()["code"] == "no_document"


def test_a_doccode_two_batches_share_is_refused_until_a_batch_is_named(client, tokens):
    """Files written before p0010_doc_numbers were numbered per batch, so two batches may hold the
    same DocCode: the API never picks one silently."""
    a, b = seed_dossier("a.png"), seed_dossier("a.png", batch="web-2")
    code = add_pdf(a)
    assert add_pdf(b, batch="web-2") == code
    h = bearer(tokens["archive"])
    r = client.get(f"/api/v1/documents/{code}", headers=h)
    assert r.status_code == 409 and sorted(r.json()["matches"]) == sorted([a, b])
    assert client.get(f"/api/v1/documents/{code}", params={"batch": "web-2"}, headers=h).json()["dossier_id"] == b


def test_tokens_act_with_their_users_role_until_revoked_and_sessions_do_not_open_the_api(client, tokens, accounts):
    from web_helpers import PASSWORD, sign_in

    h = bearer(tokens["reviewer"])
    assert client.get("/api/v1/review", headers=h).status_code == 200
    db = pipeline()
    (info,) = [t for t in ApiTokens(db).list(accounts["reviewer"])]
    ApiTokens(db).revoke(info.id, by="admin1")
    db.close()
    r = client.get("/api/v1/review", headers=h)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["code"] == "bad_token"
    assert client.get("/api/v1/review", headers=bearer("sohoa_" + "x" * 43)).status_code == 401
    assert client.get("/api/v1/review", headers={"Authorization": "Basic eDp5"}).status_code == 401
    sign_in(client, accounts["reviewer"], PASSWORD.format(role="reviewer"))  # a signed-in browser session
    assert client.get("/api/v1/review").status_code == 401
    assert "set-cookie" not in client.get("/api/v1/batches", headers=bearer(tokens["archive"])).headers


def test_unknown_api_paths_and_methods_answer_in_json(client, tokens):
    r = client.get("/api/v1/nothing-here", headers=bearer(tokens["reviewer"]))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.delete("/api/v1/batches", headers=bearer(tokens["archive"]))
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


def test_the_apis_reads_go_to_the_one_access_log_and_show_on_its_page(client, tokens, accounts):
    """GIVEN a dossier a reviewer opened on the review page WHEN the same reviewer reads it through the
    API THEN both reads are rows of the one access log, the API's as api_dossier from the caller's
    address, and a manager sees it on /access-log, filtered by that action, in Vietnamese and English."""
    from web_helpers import PASSWORD, sign_in

    did = seed_dossier()
    sign_in(client, accounts["reviewer"], PASSWORD.format(role="reviewer"))
    assert client.get(f"/review/{did}").status_code == 200
    client.cookies.clear()
    assert client.get(f"/api/v1/dossiers/{did}", headers=bearer(tokens["reviewer"])).status_code == 200
    assert accesses(did) == [(accounts["reviewer"], "view_review"), (accounts["reviewer"], "api_dossier")]
    db = pipeline()
    try:
        (row,) = StationDB(db.engine).access_log(action="api_dossier")
    finally:
        db.close()
    assert (row.address, row.detail, row.dossier_id) == ("testclient", None, did)

    sign_in(client, accounts["manager"], PASSWORD.format(role="manager"))
    page = client.get("/access-log", params={"action": "api_dossier"}).text
    assert page.count("API: đọc hồ sơ") == 2  # the row, and the filter's own option
    assert "<td>Mở hồ sơ để kiểm tra</td>" in client.get("/access-log").text
    english = client.get("/access-log", params={"action": "api_dossier", "lang": "en"}).text
    assert "<td>API: read the dossier</td>" in english and "<td>Opened the dossier for review</td>" not in english
