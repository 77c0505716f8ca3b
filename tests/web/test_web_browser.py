"""The station in a real browser (Debian's Chromium through Playwright) against `sohoa serve`: archive
staff drop a zip of generated scans (and pick a folder), the station ingests it in the background; a
reviewer approves one dossier with the keyboard and rejects another, finds the loaded one in search
and opens its PDF/A; a manager reads the access log. Screenshots of what users see go to
test-output/web/ (or $SOHOA_TEST_OUTPUT)."""
from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from storage_testkit import free_port

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SOHOA = [sys.executable, "-c", "from sohoa.cli import app; app()"]
USERS = {"reviewer": ("lan", "mật-khẩu-của-lan"), "archive": ("hoa.luutru", "mật-khẩu-của-hoa"),
         "manager": ("minh.lanhdao", "mật-khẩu-của-minh")}
NAME_FIELDS = ("applicant_name", "subject_name", "business_name")


def run(env, *args):
    done = subprocess.run([*SOHOA, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    """Three generated dossiers (with the truth.jsonl `sohoa samples` writes) zipped as archive staff
    would, a review threshold no reading reaches (so all go to review), users made through the CLI, and
    `sohoa serve` on a free loopback port."""
    from samples import generate

    tmp = tmp_path_factory.mktemp("station")
    generate(tmp / "lo-web-1", count=3, seed=5)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((tmp / "lo-web-1").rglob("*")):
            zf.write(path, path.relative_to(tmp).as_posix())
    folder = tmp / "lo-web-2"
    (folder / "hs-02").mkdir(parents=True)
    (folder / "hs-01.pdf").write_bytes(b"")  # empty: quarantined
    (folder / "hs-02" / "trang-1.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")  # a damaged page
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_HOME=str(tmp / "home"), SOHOA_SECRET_KEY="s" * 40, SOHOA_REVIEW_THRESHOLD="0.999")
    for role, (name, password) in USERS.items():
        run({**env, "SOHOA_NEW_PASSWORD": password}, "user", "add", "--role", role, name)
    port = free_port()
    log = open(tmp / "serve.log", "w")
    server = subprocess.Popen([*SOHOA, "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except OSError:
            assert server.poll() is None, (tmp / "serve.log").read_text()
            time.sleep(0.25)
    yield {"url": url, "env": env, "log": tmp / "serve.log", "zip": buf.getvalue(), "folder": folder}
    server.terminate()
    server.wait(timeout=30)
    log.close()


def out_dir() -> Path:
    d = Path(os.environ.get("SOHOA_TEST_OUTPUT", REPO / "test-output")) / "web"
    d.mkdir(parents=True, exist_ok=True)
    return d


def pipeline(env):
    from storage.pipeline_db import PipelineDB

    return PipelineDB(f"sqlite:///{Path(env['SOHOA_HOME']) / 'pipeline.sqlite'}")


def states(env, batch: str) -> dict[str, str]:
    db = pipeline(env)
    try:
        return {s.source: s.state for s in db.batch_status(batch)}
    finally:
        db.close()


def wait_for_pages(page) -> None:
    """Every page image loaded and drawn (a broken image has no natural width)."""
    page.wait_for_function("() => [...document.querySelectorAll('.sheet img')].every(i => i.complete)",
                           timeout=60_000)
    widths = page.locator(".sheet img").evaluate_all("l => l.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths), widths


def sign_in(page, url: str, role: str) -> None:
    from playwright.sync_api import expect

    name, password = USERS[role]
    page.context.clear_cookies()
    page.goto(url + "/login")
    page.get_by_label("Tên người dùng").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Trang chính")).to_be_visible()


def drop_zip(page, data: bytes, name: str) -> None:
    """What a drop of one file from the desktop delivers to the page: a DataTransfer holding it."""
    page.evaluate("""([b64, name]) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, {type: "application/zip"}));
        const zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [base64.b64encode(data).decode(), name])


def test_archive_uploads_a_batch_and_a_reviewer_approves_finds_and_opens_it(station):
    from playwright.sync_api import expect, sync_playwright

    url, shots = station["url"], out_dir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 950}, locale="vi-VN", accept_downloads=True)
            script_errors = []
            page.on("pageerror", lambda e: script_errors.append(str(e)))

            # archive staff: a zip dropped on the page, then a folder picked
            sign_in(page, url, "archive")
            page.get_by_role("link", name="Tải lên lô hồ sơ").first.click()
            drop_zip(page, station["zip"], "lo-web-1.zip")
            expect(page.locator("#picked")).to_contain_text("Đã chọn 1 tệp")
            page.get_by_label("Tên lô").fill("lo-web-1")
            page.get_by_role("button", name="Tải lên và xử lý").click()
            expect(page.locator(".flash")).to_contain_text("Đã nhận lô lo-web-1: 4 tệp")
            page.set_input_files("#pick-folder", station["folder"])
            expect(page.locator("#picked")).to_contain_text("Đã chọn 2 tệp")
            page.get_by_label("Tên lô").fill("lo-web-2")
            page.get_by_role("button", name="Tải lên và xử lý").click()
            expect(page.locator(".flash")).to_contain_text("Đã nhận lô lo-web-2: 2 tệp")
            rows = page.locator("#uploads tbody tr")
            expect(rows.filter(has_text="lo-web-1").locator(".badge")).to_have_text("Đã xử lý xong", timeout=480_000)
            expect(rows.filter(has_text="lo-web-2").locator(".badge")).to_have_text("Đã xử lý xong", timeout=120_000)
            page.screenshot(path=shots / "uploads.png", full_page=True)
            rows.filter(has_text="lo-web-2").get_by_role("link", name="Chi tiết").click()
            expect(page.get_by_text("Tệp rỗng (0 byte)")).to_be_visible()
            page.screenshot(path=shots / "upload-detail.png", full_page=True)
            assert states(station["env"], "lo-web-2") == {"hs-01.pdf": "quarantined", "hs-02/": "quarantined"}
            before = states(station["env"], "lo-web-1")
            assert sorted(before.values()) == ["quarantined", "review", "review", "review"], before

            # a reviewer: approve with the keyboard, reject one
            sign_in(page, url, "reviewer")
            page.get_by_role("link", name="Hàng đợi kiểm tra").first.click()
            expect(page.get_by_text("3 hồ sơ chờ kiểm tra")).to_be_visible()
            page.screenshot(path=shots / "queue.png", full_page=True)
            page.locator("tr", has_text="lo-web-1").get_by_role("link", name="Mở").first.click()
            first = page.locator("main h1").inner_text()
            wait_for_pages(page)
            assert page.locator(".box").count() > 0
            shown_values = [v for v in page.locator(".field input").evaluate_all("l => l.map(i => i.value)")
                            if len(v) > 5]
            name = next(page.locator(f"#f-{k}").input_value() for k in NAME_FIELDS
                        if page.locator(f"#f-{k}").count() and page.locator(f"#f-{k}").input_value())
            page.locator(".field input").first.focus()
            expect(page.locator(".box.active").first).to_be_visible()
            page.screenshot(path=shots / "review.png")
            page.keyboard.press("Control+Enter")  # approve, and on to the next
            expect(page.locator(".flash")).to_contain_text(f"Đã nạp hồ sơ {first}")
            second = page.locator("main h1").inner_text()
            assert second != first
            wait_for_pages(page)
            # another procedure picked from the list brings the fields the server will require for it
            # (its form's, or its result document's when the pages hold no such form)
            page.locator("#procedure").fill("Đăng ký khai tử (1.000656)")
            wanted = page.evaluate("JSON.parse(document.getElementById('procedure-data').textContent)"
                                   ".required.death_registration")
            assert wanted and not script_errors, (wanted, script_errors)
            for key in wanted:
                expect(page.locator(f'.field[data-field="{key}"] .req')).to_have_text("(bắt buộc)")
            assert page.locator(".field .req").count() == len(wanted)
            missed = page.locator("#add-field option").nth(1).get_attribute("value")  # a field not on the form
            page.locator("#add-field").select_option(missed)
            expect(page.locator(f"#f-{missed}")).to_be_focused()
            assert page.locator(f'#add-field option[value="{missed}"]').count() == 0
            page.get_by_text("Từ chối / Gửi quét lại").click()
            page.get_by_label("Lý do từ chối").fill("không phải hồ sơ của thủ tục này")
            page.keyboard.press("Enter")
            expect(page.locator(".flash")).to_contain_text(f"Đã từ chối hồ sơ {second}")

            # the loaded dossier found by name, its page and its PDF/A
            page.get_by_role("link", name="Tìm kiếm").first.click()
            page.get_by_label("Tìm theo").select_option("name")
            page.get_by_label("Từ khóa").fill(name)
            page.get_by_role("button", name="Tìm", exact=True).click()
            expect(page.get_by_text("Tìm thấy 1 hồ sơ")).to_be_visible()
            page.screenshot(path=shots / "search.png", full_page=True)
            page.get_by_role("link", name=first).click()
            expect(page.get_by_role("heading", name=first)).to_be_visible()
            pdf_url = page.locator("object.pdf-view").get_attribute("data")
            served = page.request.get(url + pdf_url)
            assert served.headers["content-type"] == "application/pdf" and served.body().startswith(b"%PDF")
            page.wait_for_timeout(1500)  # the browser's PDF viewer draws the first page
            page.screenshot(path=shots / "dossier.png")
            with page.expect_download() as caught:
                page.get_by_role("link", name="Tải bản PDF/A về máy").click()
            download = caught.value
            assert download.suggested_filename.endswith(".pdf") and download.suggested_filename.startswith("000.")
            assert Path(download.path()).read_bytes() == served.body()

            # a manager reads who looked at what; the page in English
            sign_in(page, url, "manager")
            page.get_by_role("link", name="Nhật ký truy cập").first.click()
            expect(page.locator("table.access")).to_contain_text("Tải bản PDF/A")
            expect(page.locator("table.access")).to_contain_text("tìm theo Họ tên: 1 kết quả")
            page.screenshot(path=shots / "access-log.png", full_page=True)
            page.get_by_role("link", name="English").click()
            expect(page.get_by_role("heading", name="Access log of personal data")).to_be_visible()
            page.screenshot(path=shots / "access-log-en.png", full_page=True)
            assert not script_errors, script_errors
        finally:
            browser.close()
    after = states(station["env"], "lo-web-1")
    assert after[first] == "loaded" and after[second] == "rejected"
    served_log = station["log"].read_text(encoding="utf-8")
    for value in shown_values + [name]:  # personal data stays out of the server's log
        assert value not in served_log


MANAGER, MANAGER_PASSWORD = "giam.doc", "mật-khẩu-của-giám-đốc"


def batch_rows(env):
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(f"sqlite:///{Path(env['SOHOA_HOME']) / 'pipeline.sqlite'}")
    try:  # the report counts every batch the station received (the upload test drops two)
        return [r for b in db.list_batches() for r in db.batch_status(b) if r.state != "duplicate"]
    finally:
        db.close()


def sign_in_as(page, url: str, name: str, password: str) -> None:
    page.get_by_label("Tên người dùng").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_manager_sees_the_loaded_dossier_counted_in_the_report(station):
    """GIVEN the ingested batch with a dossier a reviewer approved (by the test above; approved here
    when this test runs alone) WHEN a manager signs in and opens the report THEN the loaded dossiers
    are counted, under their procedure, the CSV download carries the same count with a byte-order
    mark, and the page is saved as test-output/web/report.png."""
    from playwright.sync_api import expect, sync_playwright

    from classifiers import load_catalog

    url, env = station["url"], station["env"]
    run({**env, "SOHOA_NEW_PASSWORD": MANAGER_PASSWORD}, "user", "add", "--role", "manager", MANAGER)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            if not any(r.state == "loaded" for r in batch_rows(env)):
                page = browser.new_page(viewport={"width": 1400, "height": 950}, locale="vi-VN")
                page.goto(url + "/review/next")
                sign_in_as(page, url, *USERS["reviewer"])
                wait_for_pages(page)
                page.keyboard.press("Control+Enter")
                expect(page.locator(".flash")).to_contain_text("Đã nạp hồ sơ", timeout=30_000)
                page.close()
            rows = batch_rows(env)
            loaded = [r for r in rows if r.state == "loaded"]
            assert loaded, [(r.source, r.state, r.reason) for r in rows]

            page = browser.new_page(viewport={"width": 1400, "height": 950}, locale="vi-VN",
                                    accept_downloads=True)
            page.goto(url + "/reports")
            expect(page).to_have_url(url + "/login?next=/reports")
            sign_in_as(page, url, MANAGER, MANAGER_PASSWORD)
            # signing in hashes with argon2: slow on a busy machine
            expect(page.get_by_role("heading", name="Báo cáo số hóa hồ sơ")).to_be_visible(timeout=30_000)
            card = page.locator(".card").filter(has_text="Đã số hóa (đã nạp")
            expect(card.locator(".num")).to_have_text(str(len(loaded)))
            expect(page.locator(".card").filter(has_text="Hồ sơ tiếp nhận").locator(".num")).to_have_text(str(len(rows)))
            names = {p.key: p.name for p in load_catalog().procedures}
            for r in loaded:
                expect(page.locator("#tbl-procedures table")).to_contain_text(names[r.procedure_key])
            assert page.locator("svg.chart").count() >= 4
            page.screenshot(path=out_dir() / "report.png", full_page=True)
            with page.expect_download() as download:
                page.get_by_role("link", name="Tải CSV").click()
            data = Path(download.value.path()).read_bytes()
        finally:
            browser.close()
    assert data.startswith(b"\xef\xbb\xbf")
    assert f"Đã số hóa (đã nạp vào CSDL chuyên ngành),{len(loaded)}\r\n" in data.decode("utf-8-sig")
