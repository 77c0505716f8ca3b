"""The station's routes through FastAPI's TestClient: who may reach what (pages and API), CSRF, and
reviewer input checked by the pipeline's own validators (refused in Vietnamese, nothing loaded)."""
from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from web_helpers import BATCH, MACHINE, PASSWORD, add_pdf, csrf_of, form_of, seed_dossier, sign_in, state_of

from sohoa.config import Settings
from storage.pipeline_db import PipelineDB
from storage.users import ROLES
from web.api_auth import TokenAllow
from web.auth import Allow

PUBLIC = {("/login", "GET"), ("/login", "POST")}


def all_routes(router):
    """The app's routes with included routers opened (FastAPI keeps an included router as one entry)."""
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        yield from all_routes(inner) if inner is not None else [route]


def allowed_roles(route: APIRoute) -> tuple[type, frozenset[str]] | None:
    """(Allow for pages, TokenAllow for the API; the roles it admits)."""
    found = [d.call for d in route.dependant.dependencies if isinstance(d.call, (Allow, TokenAllow))]
    return (type(found[0]), found[0].roles) if found else None


def as_role(client, accounts, role):
    return sign_in(client, accounts[role], PASSWORD.format(role=role))


def test_every_route_refuses_anonymous_and_wrong_role_requests(client, accounts, tokens):
    """GIVEN every route of the app, pages and API WHEN it is asked anonymously, or by a role it does
    not admit THEN it refuses (pages: sign-in form or 401, API: 401; then 403), and a role it admits
    gets past the check. A page does not take an API token, and the API does not take a session."""
    did = seed_dossier()
    code = add_pdf(did)
    app = client.app
    routes = list(all_routes(app.router))
    assert {type(r) for r in routes} <= {APIRoute, Mount}  # nothing unchecked beside static files
    api_routes = [r for r in routes if r.path.startswith("/api/")]
    assert len(routes) - len(api_routes) >= 7 and len(api_routes) >= 13
    sessions = {}  # role -> (signed session cookie, its CSRF token): sign in once per role (argon2 is slow)
    for role in ROLES:
        client.cookies.clear()
        token = as_role(client, accounts, role)
        sessions[role] = (client.cookies.get("sohoa_session"), token)
    checked = 0
    for route in (r for r in routes if isinstance(r, APIRoute)):
        path = (route.path.replace("{dossier_id}", did).replace("{number}", "1").replace("{name}", BATCH)
                .replace("{doc_code}", code).replace("{upload_id}", "1"))
        for method in route.methods:
            if (route.path, method) in PUBLIC:
                continue
            kind, roles = allowed_roles(route) or (None, None)
            assert roles, f"{method} {route.path} declares no roles"
            assert (kind is TokenAllow) == route.path.startswith("/api/"), route.path
            checked += check_route(client, sessions, tokens, kind, method, path, roles)
    assert checked >= 20 * len(ROLES)
    assert state_of(did)[0] == "review"  # the admitted POSTs carried no decision: nothing decided


def check_route(client, sessions, tokens, kind, method, path, roles) -> int:
    admitted = sorted(roles)[0]
    client.cookies.clear()
    client.get("/login")  # an anonymous session with a valid CSRF token: refusal is for the person
    anon = client.request(method, path, data={"csrf": client_csrf(client)}, follow_redirects=False)
    if kind is TokenAllow:
        assert anon.status_code == 401 and anon.json()["code"] == "no_token", path
        client.cookies.set("sohoa_session", sessions[admitted][0])  # a signed-in browser is no API caller
        assert client.request(method, path, follow_redirects=False).status_code == 401, path
    else:
        if method == "GET":
            assert anon.status_code == 303 and anon.headers["location"].startswith("/login"), path
        else:
            assert anon.status_code == 401, path
        client.cookies.clear()
        r = client.request(method, path, headers={"Authorization": f"Bearer {tokens[admitted]}"},
                           follow_redirects=False)
        assert r.status_code in (303, 401), (path, "a page took an API token")
    for role in ROLES:
        client.cookies.clear()
        if kind is TokenAllow:
            r = client.request(method, path, headers={"Authorization": f"Bearer {tokens[role]}"})
            refused = r.status_code == 403 and r.json()["code"] == "forbidden"
        else:
            client.cookies.set("sohoa_session", sessions[role][0])
            r = client.request(method, path, data={"csrf": sessions[role][1]}, follow_redirects=False)
            refused = r.status_code == 403 and "không có quyền" in r.text
        if role in roles:
            assert r.status_code not in (401, 403), (method, path, role)
        else:
            assert refused, (method, path, role, r.status_code)
    return len(ROLES)


def client_csrf(client) -> str:
    return csrf_of(client.get("/login").text)


def test_a_tampered_session_cookie_is_anonymous(client, accounts):
    as_role(client, accounts, "reviewer")
    assert client.get("/review", follow_redirects=False).status_code == 200
    cookie = client.cookies.get("sohoa_session")
    client.cookies.set("sohoa_session", cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB"))
    r = client.get("/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/review"


def test_wrong_password_and_unknown_user_are_refused_alike(client, accounts):
    for name, password in (("reviewer1", "not-the-password"), ("nobody", "mật-khẩu-thử-reviewer")):
        token = client_csrf(client)
        r = client.post("/login", data={"name": name, "password": password, "csrf": token})
        assert r.status_code == 401 and "không đúng" in r.text
    assert client.get("/review", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_post_without_the_sessions_csrf_token_is_refused(client, accounts, sector, token):
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    before = state_of(did)
    data = {"action": "approve", "f.subject_birth_date": "29/02/2024"}
    if token is not None:
        data["csrf"] = token
    r = client.post(f"/review/{did}", data=data, follow_redirects=False)
    assert r.status_code == 403 and "hết hạn hoặc không hợp lệ" in r.text
    assert state_of(did) == before and sector.count() == 0
    client.cookies.clear()
    r = client.post("/login", data={"name": "reviewer1", "password": PASSWORD.format(role="reviewer"),
                                    **({"csrf": token} if token is not None else {})}, follow_redirects=False)
    assert r.status_code == 403  # sign-in too: no logging someone in from another site


@pytest.mark.parametrize("change, said", [
    ({"f.applicant_id_number": "12345"}, "Số định danh người yêu cầu: giá trị không hợp lệ (có 5 chữ số, cần 12"),
    ({"f.subject_birth_date": "31/02/2024"}, "Ngày sinh người được đăng ký: giá trị không hợp lệ (không có ngày này)"),
    ({"f.subject_birth_date": "01/01/2099"}, "Ngày sinh người được đăng ký: giá trị không hợp lệ (ngày ở tương lai)"),
    ({"f.applicant_id_number": "O01085000123"}, "có chữ cái ở chỗ phải là chữ số"),
    ({"f.subject_id_numbr": "001324000123"}, "Trường không có trong danh mục: subject_id_numbr"),
])
def test_invalid_reviewer_input_is_refused_in_vietnamese_and_nothing_is_loaded(client, accounts, sector,
                                                                             change, said):
    """GIVEN a dossier in review WHEN a reviewer approves with an invalid citizen ID, an impossible or
    future date, a letter O in an ID, or a field the catalogue does not know THEN the page comes back
    (422) saying what is wrong in Vietnamese, with what was typed still in the form, and nothing is
    stored in the pipeline or the sector database."""
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    page = client.get(f"/review/{did}").text
    before = state_of(did)
    r = client.post(f"/review/{did}", data={**form_of(page), **change, "action": "approve"})
    assert r.status_code == 422
    assert said in r.text.replace("&#39;", "'")
    if "f.subject_id_numbr" not in change:  # an unknown field has no input to refill
        ((key, typed),) = change.items()
        assert f'name="{key}" value="{typed}"' in r.text
    assert state_of(did) == before and sector.count() == 0


def test_approving_unchanged_values_loads_them_in_the_reviewers_name(client, accounts, sector):
    """GIVEN a dossier in review and a reviewer who checks the values against the page WHEN they approve
    with one correction THEN the record is in the sector database, the correction typed, the other
    values accepted, all confirmed by that reviewer, and the station moves to the next dossier."""
    did = seed_dossier()
    other = seed_dossier("khai-sinh-2.png")
    as_role(client, accounts, "reviewer")
    page = client.get(f"/review/{did}").text
    r = client.post(f"/review/{did}", data={**form_of(page), "f.subject_name": "nguyễn thị  bình",
                                            "action": "approve"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review/next"
    nxt = client.get("/review/next", follow_redirects=False)
    assert nxt.headers["location"] == f"/review/{other}"
    assert "Đã nạp hồ sơ khai-sinh.png" in client.get(nxt.headers["location"]).text
    row = sector.get(did)
    assert row["subject_name"] == "Nguyễn Thị Bình" and str(row["subject_birth_date"]) == "2024-02-29"
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        view = db.dossier_view(did)
        event = db.events(dossier_id=did)[-1]
    finally:
        db.close()
    assert view.state == "loaded"
    assert {f.confirmed_by for f in view.fields.values()} == {"reviewer1"}
    assert (event.step, event.outcome, event.agent) == ("review", "loaded", "reviewer1")
    assert event.detail["edited"] == ["subject_name"] and "subject_birth_date" in event.detail["accepted"]


def test_reject_needs_a_reason_and_rescan_is_recorded(client, accounts, sector):
    did, again = seed_dossier(), seed_dossier("khai-sinh-2.png")
    token = as_role(client, accounts, "reviewer")
    r = client.post(f"/review/{did}", data={"csrf": token, "action": "reject", "reject_reason": " "})
    assert r.status_code == 422 and "Từ chối cần ghi lý do" in r.text and state_of(did)[0] == "review"
    client.post(f"/review/{did}", data={"csrf": token, "action": "reject", "reject_reason": "không phải tờ khai"})
    client.post(f"/review/{again}", data={"csrf": token, "action": "rescan", "rescan_reason": "trang 1 mờ"})
    assert state_of(did)[0] == "rejected" and state_of(did)[-1][-1] == ("review", "rejected", "reviewer1")
    assert state_of(again)[0] == "rescan" and state_of(again)[-1][-1] == ("review", "rescan", "reviewer1")
    assert sector.count() == 0
    r = client.post(f"/review/{did}", data={"csrf": token, "action": "rescan"})
    assert r.status_code == 422 and "không còn chờ kiểm tra" in r.text


def test_review_page_shows_the_page_with_a_box_per_field(client, accounts):
    did = seed_dossier()
    as_role(client, accounts, "reviewer")
    html = client.get(f"/review/{did}").text
    boxes = re.findall(r'class="box" data-field="([a-z_]+)"', html)
    assert sorted(boxes) == sorted(["applicant_name", "applicant_id_number", "applicant_birth_date",
                                    "subject_name", "subject_birth_date"])
    # applicant_name at x 300..900 of 1240, y 300..350 of 1754
    assert 'data-field="applicant_name" title="Họ tên người yêu cầu"' in html
    assert "left:24.194%;top:17.104%;width:48.387%;height:2.851%" in html
    assert "Máy đọc chưa chắc một trường bắt buộc" in html  # the reason as what to do next
    assert 'name="f.subject_birth_date" value="29/02/2024"' in html  # dates as Vietnamese write them
    png = client.get(f"/review/{did}/page/1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get(f"/review/{did}/page/2.png").status_code == 404


def test_a_handwritten_value_is_boxed_and_named_in_vietnamese(client, accounts):
    hand = MACHINE["applicant_name"].model_copy(update={"confidence": 0.3, "problem": "handwritten"})
    did = seed_dossier("viet-tay.png", fields={**MACHINE, "applicant_name": hand},
                       reason=("field_handwritten", "applicant_name: handwritten"))
    as_role(client, accounts, "reviewer")
    html = client.get(f"/review/{did}").text
    assert "left:24.194%;top:17.104%;width:48.387%;height:2.851%" in html  # its crop on the page
    assert "chữ viết tay: máy không đọc chắc" in html  # beside the field
    assert "Có trường được điền bằng chữ viết tay" in html  # the dossier's reason


def test_queue_lists_the_oldest_first(client, accounts):
    first, second = seed_dossier("b.png"), seed_dossier("a.png")
    as_role(client, accounts, "reviewer")
    html = client.get("/review").text
    assert html.index(f"/review/{first}") < html.index(f"/review/{second}")
    assert client.get("/review/next", follow_redirects=False).headers["location"] == f"/review/{first}"
