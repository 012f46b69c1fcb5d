"""A worklist (make, download XLSX, upload it filled) and an enrolment with the live quote, in
headless Chromium."""
import os

import pytest
from openpyxl import load_workbook

from cakupan.outreach.models import Enrolment, Worklist
from cakupan.outreach.services import partner_create
from tests.outreach.factories import KAL1, make_run, make_user, standard_persons
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in



@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worklist_and_enrolment_through_the_pages(live_server, tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    persons = standard_persons()
    make_run(persons)
    partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    make_user("lurah1", role="kalurahan", area_code=KAL1)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", accept_downloads=True)
        log_in(page, live_server.url, "lurah1")

        # worklist: make, download, fill, upload
        page.goto(f"{live_server.url}/outreach/")
        page.select_option("#make-form select[name=partner]", label="Lurah Poncosari")
        page.select_option("#make-form select[name=area]", KAL1)  # a picker by name
        assert "Poncosari" in page.inner_text("#make-form select[name=area]")
        page.check("#make-form input[name=by_padukuhan]")
        page.click("#make-form button[type=submit]")
        page.wait_for_selector("#items")
        assert page.locator("#items tbody tr").count() == 5
        assert "3402********" in page.locator("#items tbody tr").first.inner_text()
        with page.expect_download() as dl:
            page.click("#download-xlsx")
        path = tmp_path / "daftar.xlsx"
        dl.value.save_as(path)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws["M2"], ws["N2"], ws["O2"] = "terdaftar", "10/03/2023", "ikut APBDes"
        ws["M3"], ws["N3"] = "salah", "10/03/2023"
        filled = tmp_path / "terisi.xlsx"
        wb.save(filled)
        page.set_input_files("#upload-form input[type=file]", str(filled))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#last-import")
        assert "1 diterapkan" in page.inner_text("#last-import")
        assert page.locator("#quarantine tbody tr").count() == 1
        assert page.inner_text("[data-outcome=terdaftar]") == "1"
        wl = Worklist.objects.get()
        assert wl.items.filter(outcome="terdaftar").count() == 1

        # enrolment with the live quote
        page.goto(f"{live_server.url}/outreach/pendaftaran/")
        page.fill("#enrol-form input[name=month_from]", "2023-03")  # <input type="month">
        page.fill("#enrol-form input[name=month_to]", "2023-08")
        page.fill("#enrol-form input[name=income]", "2.500.000")  # Indonesian thousands
        page.check("#enrol-form input[name=jht]")
        expect(page.locator("#quote-total")).to_have_text("Rp 81.800", timeout=30_000)  # no eval under the CSP
        page.uncheck("#enrol-form input[name=jht]")
        page.fill("#enrol-form input[name=income]", "800000")
        expect(page.locator("#quote-total")).to_have_text("Rp 16.800", timeout=30_000)  # no eval under the CSP
        page.fill("#enrol-form input[name=nik]", persons[7]["nik"])
        page.fill("#enrol-form input[name=nama]", "Warga 8")
        page.select_option("#enrol-form select[name=payer]", "APBDES")
        page.click("#enrol-form button[type=submit]")
        page.wait_for_selector("#enrolments tbody tr td.nik")
        assert "Warga 8" in page.inner_text("#enrolments")
        e = Enrolment.objects.get()
        assert (e.monthly_amount, e.payer, e.kind) == (16_800, "APBDES", "new")
        browser.close()
