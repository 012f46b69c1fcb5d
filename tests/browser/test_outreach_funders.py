"""A funder in headless Chromium: a lurah adds the kalurahan's APBDes through the form, payments
are recorded against it, the funder page shows whom it paid for (NIK masked), the remaining
budget, and offers the report as XLSX."""
import os
from datetime import date
from pathlib import Path

import pytest

from cakupan.outreach.models import Funder
from cakupan.outreach.services import enrolment_register, payment_record
from tests.outreach.factories import KAL1, make_run, make_user, standard_persons
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in



@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_funder_page_through_the_browser(live_server, tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    persons = {p["nama"]: p for p in standard_persons()}
    make_run(list(persons.values()))
    make_user("lurah1", role="kalurahan", area_code=KAL1)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", accept_downloads=True)
        log_in(page, live_server.url, "lurah1")

        page.goto(f"{live_server.url}/outreach/penyandang-dana/")
        page.select_option("#fd-kind", "APBDES")
        page.fill("#fd-name", "APBDes Poncosari 2023")
        page.select_option("#fd-kalurahan", KAL1)
        page.fill("#fd-budget", "1.000.000")
        page.fill("#fd-period_from", "2023-01-01")
        page.fill("#fd-period_to", "2023-12-31")
        page.fill("#fd-notes", "Contoh: iuran JKK + JKM pekerja rentan warga Poncosari")
        page.click("#funder-form button[type=submit]")
        page.wait_for_url(lambda url: "/penyandang-dana/" in url and "tambah" not in url)
        f = Funder.objects.get()
        # Warga 8: Mar-Aug + Sep-Nov = 9 x 16,800 = 151,200; Warga 9: Mar-May = 50,400
        e8 = enrolment_register(nik=persons["Warga 8"]["nik"], nama="Warga 8", segment="BPU", income=1_000_000,
                                payer="APBDES", month_from=date(2023, 3, 1), month_to=date(2023, 8, 1), funder=f)
        payment_record(enrolment=e8, month_from=date(2023, 9, 1), month_to=date(2023, 11, 1), payer="APBDES", funder=f)
        enrolment_register(nik=persons["Warga 9"]["nik"], nama="Warga 9", segment="BPU", income=1_000_000,
                           payer="APBDES", month_from=date(2023, 3, 1), month_to=date(2023, 5, 1), funder=f)
        page.reload()
        expect(page.locator("[data-figure=spent]")).to_have_text("Rp 201.600")
        expect(page.locator("[data-figure=remaining]")).to_have_text("Rp 798.400")
        expect(page.locator("#funder-people tbody tr")).to_have_count(2)
        expect(page.locator("#funder-people")).to_contain_text("3402")
        expect(page.locator("#funder-people")).not_to_contain_text(persons["Warga 8"]["nik"])
        shots = Path(os.environ.get("CAKUPAN_SCREENSHOTS_DIR") or tmp_path)  # docs/outreach.md
        shots.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(shots / "penyandang-dana.png"), full_page=True)
        with page.expect_download() as dl:
            page.click("text=Unduh laporan (XLSX)")
        path = tmp_path / "laporan.xlsx"
        dl.value.save_as(path)
        assert path.read_bytes()[:2] == b"PK"
        browser.close()
