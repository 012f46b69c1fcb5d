"""PDS in headless Chromium: the ranked list of employers, one employer's findings and its letter
(tests/compliance/test_pds.py's register, workers and member extract, counted by hand there).

    CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_pds_page.py
writes docs/screenshots/pds-list.png, pds-employer.png and pds-letter.png (the letter's first page, with
pdftoppm) for docs/compliance-pds.md.
"""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.compliance.test_pds import loaded  # noqa: F401  (the fixture: register, workers, members, population)
from tests.outreach.factories import make_user
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in



@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pds_ranked_list_to_employer_and_letter(live_server, loaded):  # noqa: F811
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    make_user("kepatuhan1", role="kepatuhan")
    folder = os.environ.get("CAKUPAN_SCREENSHOTS_DIR")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        log_in(page, live_server.url, "kepatuhan1")
        page.goto(f"{live_server.url}/kepatuhan/")
        page.click("#pds-link")
        first = page.locator("#employers tbody tr").first
        expect(first).to_contain_text("CV Maju Jaya")
        expect(page.locator("#register-issues tbody tr")).to_have_count(4)
        if folder:
            page.screenshot(path=str(Path(folder) / "pds-list.png"), full_page=True)
        first.locator("a").click()
        expect(page.locator("h1")).to_have_text("CV Maju Jaya")
        expect(page.locator("#pds-tk")).to_contain_text("3 dari 5 tenaga kerja")
        expect(page.locator("#pds-upah")).to_contain_text("UMK Rp 2.216.463")
        expect(page.locator("#npp-duplicates")).to_contain_text("baris 4")
        if folder:
            page.screenshot(path=str(Path(folder) / "pds-employer.png"), full_page=True)
        with page.expect_download() as dl:
            page.click("#letter-link")
        assert dl.value.suggested_filename == "surat-pds-11111111.pdf"
        if folder and shutil.which("pdftoppm"):  # the letter's first page for the docs
            pdf = Path(folder) / "pds-letter.pdf"
            dl.value.save_as(str(pdf))
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                            str(Path(folder) / "pds-letter")], check=True)
            pdf.unlink()
        browser.close()
