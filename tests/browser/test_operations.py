"""Operations in real headless Chromium: an operator uploads population, members and the ASN
roster of a small synthetic region, confirms the detected columns, watches each job to the end,
starts a run and sees the dashboard change — with a real worker (django-tasks-db's loop) in a
thread beside the live server. Screenshots for docs/web.md (CAKUPAN_SCREENSHOTS_DIR)."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from cakupan.core.formatting import angka
from tests.jobs.conftest import PASSWORD, operator, region, small_synth  # noqa: F401 (fixtures)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# A worker thread and the live server write at once: the in-memory SQLite of the test settings locks
# whole tables across threads, so this runs in the PostgreSQL pass of `make test` (scripts/test.sh).
pytestmark = [pytest.mark.browser, pytest.mark.concurrent, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(os.environ.get("CAKUPAN_TEST_DB") != "postgres",
                                 reason="needs PostgreSQL (runs in the PostgreSQL pass of make test)")]


@pytest.fixture
def worker_thread(live_server):
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test-thread", excluded_queue_names=[])

    def loop():
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=30)


def _shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("CAKUPAN_SCREENSHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _upload(page, base, path: Path, kind: str, roster_kind: str = "", shots: Path | None = None):
    page.goto(f"{base}/operasi/")
    page.select_option("#id_kind", kind)
    if roster_kind:
        page.select_option("#id_roster_kind", roster_kind)
    page.fill("#id_as_of", "2023-02-27")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#mapping-form")
    assert page.locator("#preview tbody tr").count() >= 5
    assert page.locator("#id_col_nik").input_value()  # the NIK column was recognised
    if shots:
        page.screenshot(path=str(shots / "upload-detect.png"), full_page=True)
    page.click("#confirm")
    page.wait_for_selector("#job .status-done, #job .status-failed", timeout=120_000)
    assert page.locator("#job .status-done").count() == 1, page.inner_text("#job")
    return page


def test_operator_uploads_runs_and_sees_the_dashboard_change(live_server, worker_thread, operator, small_synth,
                                                             tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    shots = _shots(tmp_path)
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/masuk/")
        page.fill("input[name=username]", "operator")
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/masuk/" not in url)
        assert "Belum ada data cakupan" in page.inner_text("main")

        _upload(page, base, small_synth / "population.csv", "population", shots=shots)
        read = int(page.inner_text("#rows-read").replace(".", ""))
        loaded = int(page.inner_text("#rows-loaded").replace(".", ""))
        quarantined = int(page.inner_text("#rows-quarantined").replace(".", ""))
        assert read == loaded + quarantined and loaded > 1000
        page.screenshot(path=str(shots / "job-import.png"), full_page=True)
        _upload(page, base, small_synth / "members.csv", "members")
        _upload(page, base, small_synth / "rosters" / "asn.csv", "roster", "asn")

        page.goto(f"{base}/operasi/")
        page.screenshot(path=str(shots / "operations.png"), full_page=True)
        page.click("#run-form button[type=submit]")
        page.wait_for_selector("#job progress")
        page.wait_for_selector("#job .status-done, #job .status-failed", timeout=180_000)
        assert page.locator("#job .status-done").count() == 1, page.inner_text("#job")
        page.screenshot(path=str(shots / "job-run.png"), full_page=True)
        page.click("text=Buka dasbor")
        truth = json.loads((small_synth / "truth" / "summary.json").read_text())
        main = page.inner_text("main")
        assert "Belum ada data cakupan" not in main
        assert angka(truth["workforce"]) in main or angka(truth["workforce"] - 1) in main
        page.goto(f"{base}/run/")
        page.screenshot(path=str(shots / "run-history.png"), full_page=True)
        browser.close()

