"""A PMI (migrant worker) enrolled on the enrolment page in headless Chromium (issue 18 part 5): the
live quote is the one payment for the work agreement (Permenaker 4/2023 ps. 18, worked out by hand:
Rp 37.500 before work + Rp 189.000 for 12 months + 6 x Rp 13.500 beyond = Rp 307.500 for 18 months),
and the enrolment is kept with the agreement's months and the placement agency as payer.

    CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_pmi_enrolment_page.py
writes docs/screenshots/pmi-pendaftaran.png (the screenshot in docs/outreach.md "PMI")."""
import os
from pathlib import Path

import pytest

from cakupan.outreach.models import Enrolment
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in
from tests.outreach.factories import make_run, make_user, standard_persons


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pmi_enrolment_with_the_live_quote(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    persons = standard_persons()
    make_run(persons)
    make_user("analis-pmi", role="analis")
    nik = next(p["nik"] for p in persons if p["nama"] == "Warga 8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, "analis-pmi")
        page.goto(f"{live_server.url}/outreach/pendaftaran/")
        form = "#enrol-form"
        page.select_option(f"{form} select[name=segment]", "PMI")
        page.fill(f"{form} input[name=month_from]", "2023-03")
        page.fill(f"{form} input[name=contract_months]", "18")
        expect(page.locator("#quote-total")).to_have_text("Rp 307.500", timeout=30_000)
        expect(page.locator("#quote-head")).to_have_text("Iuran sekali per perjanjian kerja (PMI)")
        page.check(f"{form} input[name=placed]")  # already abroad: no pre-departure part
        expect(page.locator("#quote-total")).to_have_text("Rp 270.000", timeout=30_000)
        page.uncheck(f"{form} input[name=placed]")
        expect(page.locator("#quote-total")).to_have_text("Rp 307.500", timeout=30_000)
        page.fill(f"{form} input[name=nik]", nik)
        page.fill(f"{form} input[name=nama]", "Warga 8")
        page.select_option(f"{form} select[name=payer]", "P3MI")
        folder = os.environ.get("CAKUPAN_SCREENSHOTS_DIR")
        if folder:
            page.locator("h1").scroll_into_view_if_needed()
            page.screenshot(path=str(Path(folder) / "pmi-pendaftaran.png"), full_page=False)
        page.click(f"{form} button[type=submit]")
        page.wait_for_selector("#enrolments tbody tr td.nik")
        expect(page.locator("#enrolments")).to_contain_text("per perjanjian")
        browser.close()
    e = Enrolment.objects.get()
    assert (e.segment, e.payer, e.monthly_amount) == ("PMI", "P3MI", 307_500)
    assert (e.payments.get().amount, e.payments.get().months) == (307_500, 18)
