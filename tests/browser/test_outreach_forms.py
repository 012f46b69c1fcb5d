"""The outreach forms in headless Chromium: month pickers bounded by the data window, Indonesian
amounts in the live quote, errors next to their field, areas and ecosystems picked by name."""
import os

import pytest

from cakupan.outreach.models import Enrolment, Partner
from tests.outreach.factories import KAL1, make_run, make_user, standard_persons

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrolment_and_partner_forms_in_the_browser(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    persons = standard_persons()
    make_run(persons)
    make_user("analis1", role="analis")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID")
        page.goto(f"{live_server.url}/masuk/")
        page.fill("input[name=username]", "analis1")
        page.fill("input[name=password]", "rahasia-123")
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/masuk/" not in url)

        page.goto(f"{live_server.url}/outreach/pendaftaran/")
        assert page.get_attribute("#enrol-form input[name=month_from]", "type") == "month"
        assert page.get_attribute("#enrol-form input[name=month_to]", "max") == "2024-02"
        page.fill("#enrol-form input[name=month_from]", "2023-03")
        page.fill("#enrol-form input[name=income]", "Rp 2.500.000")
        page.check("#enrol-form input[name=jht]")
        expect(page.locator("#quote-total")).to_have_text("Rp 81.800", timeout=30_000)  # no eval under the CSP
        page.fill("#enrol-form input[name=income]", "9" * 30)
        expect(page.locator("#quote-error")).to_contain_text("rupiah", timeout=30_000)
        # the picker refuses 2099-12 itself; without its max the server refuses it next to the field
        page.fill("#enrol-form input[name=month_to]", "2099-12")
        assert page.eval_on_selector("#enrol-form input[name=month_to]", "e => e.validity.rangeOverflow")
        page.eval_on_selector("#enrol-form input[name=month_to]", "e => e.removeAttribute('max')")
        page.fill("#enrol-form input[name=income]", "1.000.000")
        page.fill("#enrol-form input[name=nik]", persons[7]["nik"])
        page.fill("#enrol-form input[name=nama]", "Warga 8")
        page.select_option("#enrol-form select[name=payer]", "APBDES")
        page.click("#enrol-form button[type=submit]")
        page.wait_for_selector("#enrol-form .error")
        field = page.locator("#enrol-form .field", has=page.locator("input[name=month_to]"))
        assert "Februari 2024" in field.inner_text()
        assert Enrolment.objects.count() == 0
        page.fill("#enrol-form input[name=month_to]", "2023-08")
        page.click("#enrol-form button[type=submit]")
        page.wait_for_selector("#enrolments tbody tr td.nik")
        assert Enrolment.objects.get().payments.get().months == 6

        page.goto(f"{live_server.url}/outreach/")
        page.fill("#partner-form input[name=name]", "Lurah Poncosari")
        page.select_option("#partner-form select[name=areas]", label="\u00a0" * 6 + "Poncosari (kalurahan)")
        page.select_option("#partner-form select[name=ecosystems]", label="Padat karya")
        page.click("#partner-form button[type=submit]")
        page.wait_for_load_state()
        partner = Partner.objects.get()
        assert (partner.area_codes, partner.ecosystems) == ([KAL1], ["padat_karya"])
        browser.close()
