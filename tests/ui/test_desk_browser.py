"""End to end in headless Chromium: a department uploads a law, an officer reviews it, and exports the report.

Runs the real ``streamlit run streamlit_app.py`` server on a free port against a temporary store and a tiny
model; screenshots land in ``tests/ui/screenshots/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from desk_helpers import FIXTURES, PASSWORDS, ROOT

from reviewer import api

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # about 50 s: a real server, a browser, a model load
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(desk_env, store, people, tiny_model_dir, tmp_path):
    port = _free_port()
    env = dict(os.environ, REVIEWER_MODEL_DIR=str(tiny_model_dir))
    log = (tmp_path / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the streamlit server did not start: " + (tmp_path / "streamlit.log").read_text())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        tab.set_default_timeout(60_000)
        try:
            yield tab
        finally:
            tab.screenshot(path=SHOTS / "last.png", full_page=True)
            browser.close()


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for()


def _settle(page) -> None:
    """Wait until Streamlit has finished the current run (no 'Running…' indicator)."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)


def test_sign_in_upload_review_and_export_in_a_browser(server, page, store, people, tmp_path):
    # The department uploads a real law text.
    _sign_in(page, server, "so-tu-phap")
    page.locator('input[type="file"]').set_input_files(str(FIXTURES / "luat_cu_tru_dieu_21.txt"))
    page.locator('[data-testid="stFileChip"]').first.wait_for()
    page.get_by_role("button", name="Đọc và rà soát").click()
    page.get_by_text("phát hiện.", exact=False).first.wait_for(timeout=120_000)
    _settle(page)
    page.screenshot(path=SHOTS / "1-upload.png", full_page=True)
    documents = api.list_documents(store, people.department)
    assert [d.source for d in documents] == ["luat_cu_tru_dieu_21.txt"]
    pending = api.count_findings(store, people.officer, status="pending")
    assert pending > 0

    # The officer reviews: the least certain finding first, confirmed with a click, the next with the shortcut.
    page.get_by_role("button", name="Đăng xuất").click()
    _sign_in(page, server, "lan")
    page.get_by_text("Gợi ý của mô hình").first.wait_for()
    _settle(page)
    page.screenshot(path=SHOTS / "2-queue.png", full_page=True)
    page.get_by_role("button", name="Xác nhận", exact=False).first.click()
    page.get_by_text("Đã ghi «Xác nhận»").first.wait_for()
    _settle(page)
    assert api.count_findings(store, people.officer, status="pending") == pending - 1
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("x")
    page.get_by_text("Đã ghi «Xác nhận»").first.wait_for()
    _settle(page)
    page.screenshot(path=SHOTS / "3-decided.png", full_page=True)
    assert api.count_findings(store, people.officer, status="pending") == pending - 2

    # The report, downloaded as a Word file.
    page.get_by_text("Xuất báo cáo").first.click()
    page.get_by_role("button", name="Tạo tệp").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải xuống", exact=False).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    page.screenshot(path=SHOTS / "4-export.png", full_page=True)
    assert saved.name == "bao-cao-ra-soat.docx" and saved.stat().st_size > 1000

    # F5: still signed in, on the same page.
    page.reload()
    page.get_by_role("button", name="Đăng xuất").wait_for()
    page.get_by_role("button", name="Tạo tệp").wait_for()
    assert shutil.which("true")  # keep the tmp file alive until here
