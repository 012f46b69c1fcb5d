"""A school's worklist in headless Chromium: on the teachers' page, "Buat daftar kerja" on a school
makes the head teacher's worklist and opens it, with the school's uncovered teachers
(tests/outreach/test_school_worklist.py's roster: SD NEGERI 2 BANTUL, Warga 402 non-active, Warga 401
never registered; Warga 403 is covered). Then the same button on the kabupaten's office (per dinas
table) makes the office's worklist: SD and SMP teachers, each with its school."""
import os

import pytest

from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in
from tests.outreach.factories import make_user
from tests.outreach.test_school_worklist import school_run  # noqa: F401  (the fixture)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_buat_daftar_kerja_for_a_school(live_server, school_run):  # noqa: F811
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    make_user("kepatuhan1", role="kepatuhan")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, "kepatuhan1")
        page.goto(f"{live_server.url}/kepatuhan/guru/sekolah/")
        row = page.locator("#schools tbody tr", has_text="SD NEGERI 2 BANTUL")
        row.get_by_role("button", name="Buat daftar kerja").click()
        page.wait_for_url(lambda url: "/outreach/daftar/" in url)
        expect(page.locator("h1")).to_contain_text("Kepala SD NEGERI 2 BANTUL")
        expect(page.locator("body")).to_contain_text("Warga 402")
        expect(page.locator("body")).to_contain_text("Warga 401")
        expect(page.locator("body")).not_to_contain_text("Warga 403")
        page.goto(f"{live_server.url}/kepatuhan/guru/sekolah/")
        office = page.locator("#offices tbody tr", has_text="Dinas pendidikan kabupaten/kota")
        office.get_by_role("button", name="Buat daftar kerja").click()
        page.wait_for_url(lambda url: "/outreach/daftar/" in url)
        expect(page.locator("h1")).to_contain_text("Dinas pendidikan kabupaten/kota")
        items = page.locator("#items")
        expect(items).to_contain_text("Tempat mengajar")
        expect(items.locator("tr", has_text="Warga 404")).to_contain_text("SMP NEGERI 1 SEWON")
        expect(items.locator("tr", has_text="Warga 401")).to_contain_text("SD NEGERI 2 BANTUL")
        expect(items).not_to_contain_text("Warga 403")
        browser.close()
