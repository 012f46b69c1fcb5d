"""The teachers' page in headless Chromium: from the teachers' roster page to the schools and
offices, the figures counted by hand (tests/compliance/test_teachers.py's roster).

    CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_teachers_page.py
writes docs/screenshots/guru-sekolah.png (the screenshot in docs/teachers.md).
"""
import os
from pathlib import Path

import pytest

from tests.compliance.test_teachers import run  # noqa: F401  (the fixture: a published guru roster)
from tests.outreach.factories import make_user
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in



@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teachers_page_from_the_roster(live_server, run):  # noqa: F811
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    make_user("kepatuhan1", role="kepatuhan")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, "kepatuhan1")
        page.goto(f"{live_server.url}/kepatuhan/guru/")
        page.click("text=Per sekolah (jenjang, negeri/swasta) dan per dinas penanggung jawab")
        expect(page.locator("h1")).to_have_text("Guru honorer per sekolah dan dinas")
        office = page.locator("#offices tbody tr").first
        expect(office).to_contain_text("Dinas pendidikan kabupaten/kota")
        expect(office).to_contain_text("60,00")
        expect(page.locator("#schools tbody tr")).to_have_count(4)
        expect(page.locator("#schools tbody tr").first).to_contain_text("MI MA'ARIF JEJERAN")
        folder = os.environ.get("CAKUPAN_SCREENSHOTS_DIR")
        if folder:
            page.screenshot(path=str(Path(folder) / "guru-sekolah.png"), full_page=True)
        browser.close()
