"""The station in a real browser (Debian's Chromium through Playwright) against `sohoa serve`, on
dossiers a real ingest sent to review: sign in, open the queue, approve one with the keyboard, reject
another. Screenshots of what reviewers see go to test-output/web/ (or $SOHOA_TEST_OUTPUT)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from storage_testkit import free_port

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SOHOA = [sys.executable, "-c", "from sohoa.cli import app; app()"]
USER, PASSWORD = "lan", "mật-khẩu-của-lan"


def run(env, *args):
    done = subprocess.run([*SOHOA, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    """A real ingest of three generated dossiers (a review threshold no reading reaches, so all go to
    review), a reviewer made through the CLI, and `sohoa serve` on a free loopback port."""
    from samples import generate

    tmp = tmp_path_factory.mktemp("station")
    generate(tmp / "drop", count=3, seed=5)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_HOME=str(tmp / "home"), SOHOA_SECRET_KEY="s" * 40, SOHOA_REVIEW_THRESHOLD="0.999")
    run(env, "ingest", str(tmp / "drop"), "--batch", "web-1")
    run({**env, "SOHOA_NEW_PASSWORD": PASSWORD}, "user", "add", "--role", "reviewer", USER)
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
    yield {"url": url, "env": env, "log": tmp / "serve.log"}
    server.terminate()
    server.wait(timeout=20)
    log.close()


def out_dir() -> Path:
    d = Path(os.environ.get("SOHOA_TEST_OUTPUT", REPO / "test-output")) / "web"
    d.mkdir(parents=True, exist_ok=True)
    return d


def states(env) -> dict[str, str]:
    from sohoa.config import Settings
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(f"sqlite:///{Path(env['SOHOA_HOME']) / 'pipeline.sqlite'}")
    try:
        return {s.source: s.state for s in db.batch_status("web-1")}
    finally:
        db.close()


def wait_for_pages(page) -> None:
    """Every page image loaded and drawn (a broken image has no natural width)."""
    page.wait_for_function("() => [...document.querySelectorAll('.sheet img')].every(i => i.complete)",
                           timeout=60_000)
    widths = page.locator(".sheet img").evaluate_all("l => l.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths), widths


def test_a_reviewer_approves_with_the_keyboard_and_rejects_one(station):
    from playwright.sync_api import expect, sync_playwright

    shots = out_dir()
    before = states(station["env"])
    assert sorted(before.values()).count("review") == 3, before
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 950}, locale="vi-VN")
            page.goto(station["url"] + "/review")
            expect(page).to_have_url(station["url"] + "/login?next=/review")
            page.get_by_label("Tên người dùng").fill(USER)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("heading", name="Hàng đợi kiểm tra")).to_be_visible()
            expect(page.get_by_text("3 hồ sơ chờ kiểm tra")).to_be_visible()
            page.screenshot(path=shots / "queue.png", full_page=True)

            page.get_by_role("link", name="Mở").first.click()
            first = page.locator("main h1").inner_text()
            wait_for_pages(page)
            assert page.locator(".box").count() > 0
            shown_values = [v for v in page.locator(".field input").evaluate_all("l => l.map(i => i.value)")
                            if len(v) > 5]
            page.locator(".field input").first.focus()
            expect(page.locator(".box.active").first).to_be_visible()
            page.screenshot(path=shots / "review.png")

            page.keyboard.press("Control+Enter")  # approve, and on to the next
            expect(page.locator(".flash")).to_contain_text(f"Đã nạp hồ sơ {first}")
            second = page.locator("main h1").inner_text()
            assert second != first
            wait_for_pages(page)
            page.screenshot(path=shots / "review-next.png")

            page.get_by_text("Từ chối / Gửi quét lại").click()
            page.get_by_label("Lý do từ chối").fill("không phải hồ sơ của thủ tục này")
            page.keyboard.press("Enter")
            expect(page.locator(".flash")).to_contain_text(f"Đã từ chối hồ sơ {second}")
            page.screenshot(path=shots / "after-reject.png", full_page=True)
        finally:
            browser.close()
    after = states(station["env"])
    assert after[first] == "loaded" and after[second] == "rejected"
    assert sorted(after.values()).count("review") == 1
    served = station["log"].read_text(encoding="utf-8")
    for value in shown_values:  # personal data stays out of the server's log
        assert value not in served


MANAGER, MANAGER_PASSWORD = "giam.doc", "mật-khẩu-của-giám-đốc"


def batch_rows(env):
    from storage.pipeline_db import PipelineDB

    db = PipelineDB(f"sqlite:///{Path(env['SOHOA_HOME']) / 'pipeline.sqlite'}")
    try:
        return db.batch_status("web-1")
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
                sign_in_as(page, url, USER, PASSWORD)
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
