"""The manager's report, the operator's pages and the admin's users page through TestClient, on the
hand-counted pipeline database of tests/reports/report_data.py."""
from __future__ import annotations

import html
import io
import re

import pytest
from fastapi.routing import APIRoute
from openpyxl import load_workbook

from report_data import BATCH, build
from web_helpers import PASSWORD, seed_dossier, sign_in

from sohoa.config import Settings
from storage.pipeline_db import PipelineDB
from storage.users import UserError, Users
from web.auth import Allow
from web.i18n import REASONS_VI

PERIOD = "first=2026-10&last=2026-11"


def as_role(client, accounts, role) -> str:
    return sign_in(client, accounts[role], PASSWORD.format(role=role))


def text_of(page: str) -> str:
    """The page's words, tags dropped and entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def events(step: str) -> list:
    db = PipelineDB(Settings().pipeline_db_url)
    try:
        return [e for e in db.events() if e.step == step]
    finally:
        db.close()


@pytest.fixture
def data(accounts):
    return build(Settings().pipeline_db_url)


def test_each_new_page_admits_exactly_its_role(client):
    """The route walk of test_web_routes refuses the others; here: who each new route is for."""
    expected = {"/reports": {"manager"}, "/operator/": {"operator"}, "/admin/": {"admin"}}
    seen = set()
    for route in client.app.routes:
        if not isinstance(route, APIRoute):
            continue
        for prefix, roles in expected.items():
            if route.path.startswith(prefix):
                (allow,) = [d.call for d in route.dependant.dependencies if isinstance(d.call, Allow)]
                assert allow.roles == roles, route.path
                seen.add(route.path)
    assert len(seen) == 9, seen


def test_the_manager_reads_the_figures_charts_and_why_three_rates_are_missing(client, accounts, data):
    """GIVEN the hand-counted batch WHEN the manager opens October-November THEN the page gives 4.1 =
    3/7 and 4.2 = 2/7 as Vietnamese percentages, says for 4.3-4.5 that and why they cannot be
    computed, and draws its charts as inline SVG."""
    as_role(client, accounts, "manager")
    r = client.get(f"/reports?{PERIOD}")
    assert r.status_code == 200
    words = text_of(r.text)
    assert "từ tháng 10/2026 đến tháng 11/2026, mọi lĩnh vực" in words
    assert "4.1 Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử 3 7 42,9%" in words
    assert "4.2 Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ 2 7 28,6% 35,7%" in words
    assert words.count("Không tính được") == 6  # three rate cells, three notes
    assert "sohoa không kết nối với Kho dữ liệu hay Cổng Dịch vụ công quốc gia" in words
    assert "Tháng Tiếp nhận Đã số hóa Có kết quả đính kèm Chờ kiểm tra Cách ly Số trang " \
           "10/2026 4 3 2 1 0 8 11/2026 3 1 1 0 1 5" in words
    assert "Đăng ký khai sinh Hộ tịch 3 2 2 66,7% 33,3%" in words
    assert "ỦY BAN NHÂN DÂN HUYỆN PHÚ GIÁO 1 1 1" in words
    assert REASONS_VI["corrupt_pdf"] in words and REASONS_VI["field_uncertain"] in words
    assert len(re.findall(r'<svg class="chart"[^>]*role="img"', r.text)) == 8  # not the runs' or kinds'
    assert not re.search(r'(src|href)="(https?:)?//', r.text)
    assert f'href="/reports/export.xlsx?{PERIOD.replace("&", "&amp;")}"' in r.text
    land = text_of(client.get(f"/reports?{PERIOD}&sector=dat_dai").text)
    assert "lĩnh vực Đất đai" in land and "4.1 Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử 1 3 33,3%" in land


@pytest.mark.parametrize("query, said", [
    ("first=2026-13", "Tháng không hợp lệ"),
    ("first=10/2026", "Tháng không hợp lệ"),
    ("first=2026-11&last=2026-10", "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc"),
    ("sector=khong_co", "Lĩnh vực này không có trong danh mục"),
])
def test_bad_filters_are_refused_in_vietnamese(client, accounts, query, said):
    as_role(client, accounts, "manager")
    r = client.get(f"/reports?{query}")
    assert r.status_code == 422 and said in r.text and "<svg" not in r.text
    assert client.get(f"/reports/export.csv?{query}").status_code == 422


def test_the_exports_carry_the_pages_figures(client, accounts, data):
    as_role(client, accounts, "manager")
    r = client.get(f"/reports/export.csv?{PERIOD}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="bao-cao-so-hoa_2026-10_2026-11.csv"'
    assert r.content.startswith(b"\xef\xbb\xbf")
    body = r.content.decode("utf-8-sig")
    assert "4.1,Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử,3,7,42.9%," in body
    assert "10/2026,4,3,2,1,0,8\r\n11/2026,3,1,1,0,1,5\r\n" in body
    x = client.get(f"/reports/export.xlsx?{PERIOD}")
    assert x.status_code == 200 and x.content.startswith(b"PK")
    ws = load_workbook(io.BytesIO(x.content))["Chỉ số 766"]
    assert [ws.cell(3, c).value for c in range(1, 5)] == ["4.1", "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử", 3, 7]
    assert ws["E3"].value == pytest.approx(3 / 7) and ws["F4"].value == pytest.approx(2 / 7 / 0.8)
    assert client.get(f"/reports/export.pdf?{PERIOD}").status_code == 404


def test_the_operator_sees_batches_counts_a_batchs_dossiers_and_the_quarantine(client, accounts, data):
    as_role(client, accounts, "operator")
    words = text_of(client.get("/operator/batches").text)
    # loaded 5 (d9 too), review 1, quarantined 1, duplicate 1, rejected 1, rescan 0, processing 0; 9 in all
    assert f"{BATCH} 05/09/2026 09:00 đang chạy 4 5 1 1 1 1 0 0 9" in words
    page = text_of(client.get(f"/operator/batches/{BATCH}").text)
    assert "d4.pdf Chờ kiểm tra " + REASONS_VI["field_uncertain"] in page
    assert "d1.pdf Đã số hóa (đã nạp) Đăng ký khai sinh 3" in page
    assert client.get("/operator/batches/khong-co").status_code == 404
    q = text_of(client.get("/operator/quarantine").text)
    assert "d5.pdf cả hồ sơ " + REASONS_VI["corrupt_pdf"] in q
    assert "d8.pdf d8/2.png một tệp của hồ sơ (các tệp khác được xử lý tiếp) " + REASONS_VI["unreadable_image"] in q


def test_a_fixity_run_from_the_station_finds_an_altered_object_in_the_operators_name(client, accounts, home):
    """GIVEN a stored page master WHEN the operator runs the check THEN it is intact; WHEN its bytes
    change on disk and the check runs again THEN the page names the object as altered and says what
    to do; both runs are provenance events in the operator's name."""
    seed_dossier()
    token = as_role(client, accounts, "operator")
    r = client.post("/operator/fixity", data={"csrf": token, "batch": ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/operator/fixity"
    words = text_of(client.get("/operator/fixity").text)
    assert "do operator1 chạy, phạm vi: mọi lô" in words
    assert "Đã kiểm tra 1 đối tượng: 1 nguyên vẹn, 0 bị mất, 0 bị thay đổi." in words
    db = PipelineDB(Settings().pipeline_db_url)
    (key,) = [o.key for o in db.objects()]
    db.close()
    (home / "objects" / key).write_bytes(b"not the page that was stored")
    client.post("/operator/fixity", data={"csrf": token, "batch": "web-1"})
    words = text_of(client.get("/operator/fixity").text)
    assert "phạm vi: web-1" in words and "0 nguyên vẹn, 0 bị mất, 1 bị thay đổi" in words
    assert f"{key} bị thay đổi" in words and "khôi phục từ bản sao lưu" in words
    runs = [(e.outcome, e.agent, e.batch) for e in events("fixity") if e.outcome in ("requested", "run")]
    assert runs == [("requested", "operator1", None), ("run", "operator1", None),
                    ("requested", "operator1", "web-1"), ("run", "operator1", "web-1")]
    r = client.post("/operator/fixity", data={"csrf": token, "batch": "khong-co"})
    assert r.status_code == 422 and "Không có lô này." in r.text


def test_the_admin_adds_changes_disables_and_every_change_is_in_the_log(client, accounts):
    """GIVEN the admin WHEN they add a user, change a reviewer into a manager, disable and enable
    them THEN each takes effect at the user's next request and is an event in the admin's name."""
    from fastapi.testclient import TestClient

    token = as_role(client, accounts, "admin")
    r = client.post("/admin/users", data={"csrf": token, "name": "hoa.le", "role": "archive",
                                          "password": "một-mật-khẩu-dài", "password2": "một-mật-khẩu-dài"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "Đã thêm người dùng hoa.le (nhân viên lưu trữ)." in client.get("/admin/users").text
    users = client.app.state.station.users
    assert users.authenticate("hoa.le", "một-mật-khẩu-dài").role == "archive"

    with TestClient(client.app) as other:  # the reviewer, signed in before the changes
        as_role(other, accounts, "reviewer")
        assert other.get("/review", follow_redirects=False).status_code == 200
        client.post("/admin/users/reviewer1/role", data={"csrf": token, "role": "manager"})
        assert other.get("/review", follow_redirects=False).status_code == 403
        assert other.get("/reports", follow_redirects=False).status_code == 200
        client.post("/admin/users/reviewer1/active", data={"csrf": token, "active": "0"})
        assert other.get("/reports", follow_redirects=False).status_code == 303  # out: sign in again
        assert users.authenticate("reviewer1", PASSWORD.format(role="reviewer")) is None
        client.post("/admin/users/reviewer1/active", data={"csrf": token, "active": "1"})
        assert other.get("/reports", follow_redirects=False).status_code == 200

    page = text_of(client.get("/admin/users").text)
    assert "admin1 mở khóa reviewer1" in page and "admin1 khóa reviewer1" in page
    assert "admin1 đổi vai trò của reviewer1: người kiểm tra → lãnh đạo" in page
    log = [(e.outcome, e.agent, e.detail) for e in events("user") if e.agent == "admin1"]
    assert log == [("added", "admin1", {"user": "hoa.le", "role": "archive"}),
                   ("role_changed", "admin1", {"user": "reviewer1", "old": "reviewer", "role": "manager"}),
                   ("disabled", "admin1", {"user": "reviewer1"}), ("enabled", "admin1", {"user": "reviewer1"})]


@pytest.mark.parametrize("path, form, said", [
    ("/admin/users", {"name": "an", "role": "reviewer", "password": "mật-khẩu-dài-1", "password2": "khác-hẳn-1234"},
     "Hai lần nhập mật khẩu không khớp."),
    ("/admin/users", {"name": "An Nguyen", "role": "reviewer", "password": "mật-khẩu-dài-1",
                      "password2": "mật-khẩu-dài-1"}, "Tên người dùng gồm 2–50 ký tự"),
    ("/admin/users", {"name": "manager1", "role": "reviewer", "password": "mật-khẩu-dài-1",
                      "password2": "mật-khẩu-dài-1"}, "Đã có người dùng tên này."),
    ("/admin/users", {"name": "binh", "role": "root", "password": "mật-khẩu-dài-1", "password2": "mật-khẩu-dài-1"},
     "Vai trò không hợp lệ"),
    ("/admin/users/admin1/role", {"role": "reviewer"}, "Không tự khóa hay tự đổi vai trò của chính mình"),
    ("/admin/users/admin1/active", {"active": "0"}, "Không tự khóa hay tự đổi vai trò của chính mình"),
    ("/admin/users/khong-co/active", {"active": "0"}, "Không có người dùng này."),
    ("/admin/users/reviewer1/role", {"role": "root"}, "Vai trò không hợp lệ"),
])
def test_refused_user_changes_say_why_and_change_nothing(client, accounts, path, form, said):
    token = as_role(client, accounts, "admin")
    before = [(u.name, u.role, u.active) for u in client.app.state.station.users.all_users()]
    r = client.post(path, data={"csrf": token, **form})
    assert r.status_code == 422 and said in html.unescape(r.text)
    assert [(u.name, u.role, u.active) for u in client.app.state.station.users.all_users()] == before
    assert [e for e in events("user") if e.agent == "admin1"] == []


def test_the_last_active_admin_cannot_be_disabled_or_demoted(home):
    users = Users(Settings().pipeline_db_url)
    try:
        users.add("quan.tri", "admin", "mật-khẩu-quản-trị", by="setup")
        users.add("phu.ta", "admin", "mật-khẩu-quản-trị", by="setup")
        users.set_active("phu.ta", False, by="quan.tri")  # another admin stays
        for change in (lambda: users.set_active("quan.tri", False, by="x"),
                       lambda: users.set_role("quan.tri", "manager", by="x")):
            with pytest.raises(UserError) as exc:
                change()
            assert exc.value.code == "last_admin"
        assert users.get("quan.tri").active and users.get("quan.tri").role == "admin"
        users.set_active("phu.ta", True, by="quan.tri")
        users.set_role("quan.tri", "manager", by="phu.ta")  # now allowed: phu.ta is an active admin
        assert users.get("quan.tri").role == "manager"
    finally:
        users.close()


def test_every_quarantine_reason_and_state_has_words_in_both_languages():
    import unicodedata

    from sohoa.errors import Reason
    from storage.pipeline_db import FINAL_STATES, REVIEW_STATES
    from web.i18n_manage import MANAGE_EN, MANAGE_VI, QUARANTINE_EN, QUARANTINE_VI, STATES_EN, STATES_VI

    quarantine = {r.value for r in Reason} - set(REASONS_VI.keys() - QUARANTINE_VI.keys())
    assert quarantine <= set(QUARANTINE_VI) and set(QUARANTINE_VI) == set(QUARANTINE_EN)
    assert set(FINAL_STATES + REVIEW_STATES + ("processing",)) == set(STATES_VI) == set(STATES_EN)
    assert set(MANAGE_VI) == set(MANAGE_EN)
    for table in (MANAGE_VI, QUARANTINE_VI, STATES_VI):
        assert all(unicodedata.is_normalized("NFC", v) for v in table.values())
    # a reason sentence says what happened, then after ':' what to do (charts show the first part)
    assert all(": " in v for v in QUARANTINE_VI.values())
