"""An outreach event in headless Chromium: plan it with a worklist, tick who came, upload an
attendance sheet with an unknown NIK (row-level report), download the printable sheet."""
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cakupan.outreach.models import AttendanceImport, Enrolment, Event
from cakupan.outreach.services import enrolment_register, event_plan, partner_create, worklist_make
from tests.outreach.factories import KAL1, make_run, make_user, standard_persons
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in

UNKNOWN_NIK = "3402011506850999"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_record_an_events_attendance_through_the_pages(live_server, tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    from cakupan.accounts.scope import Scope

    persons = {p["nama"]: p for p in standard_persons()}
    make_run(list(persons.values()))
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    wl = worklist_make(partner=lurah, area_code=KAL1, scope=Scope(role="kalurahan", area_code=KAL1))
    make_user("lurah1", role="kalurahan", area_code=KAL1)
    sheet = tmp_path / "hadir.csv"
    sheet.write_text(f"NIK;NAMA\n{persons['Warga 9']['nik']};Warga 9\n{UNKNOWN_NIK};Tamu Luar\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", accept_downloads=True)
        log_in(page, live_server.url, "lurah1")

        page.goto(f"{live_server.url}/outreach/sosialisasi/")
        page.fill("#event-form input[name=name]", "Sosialisasi Poncosari")
        page.fill("#event-form input[name=date]", "2023-03-01")  # <input type="date">
        page.fill("#event-form input[name=place]", "Balai Kalurahan Poncosari")
        page.select_option("#event-form select[name=area]", KAL1)
        page.select_option("#event-form select[name=partner]", label="Lurah Poncosari")
        page.select_option("#event-form select[name=worklist]", str(wl.pk))
        page.fill("#event-form input[name=team]", "Ani, Budi")
        expect(page.locator("#event-form input[name=attribution_days]")).to_have_value("30")
        page.click("#event-form button[type=submit]")
        expect(page.locator("h1")).to_have_text("Sosialisasi Poncosari")
        event = Event.objects.get()

        # tick two names of the worklist
        expect(page.locator("#tick tbody tr")).to_have_count(wl.items.count())
        page.locator("#tick tbody input[type=checkbox]").nth(0).check()
        page.locator("#tick tbody input[type=checkbox]").nth(1).check()
        page.click("#tick-form button[type=submit]")
        expect(page.locator("#attendees tbody tr")).to_have_count(2)
        expect(page.locator("[data-figure=attendees]")).to_have_text("2")
        expect(page.locator("#tick tbody input[type=checkbox]:disabled")).to_have_count(2)

        # upload a sheet with an unknown NIK: the row is reported, the other loaded
        page.set_input_files("#attendance-form input[type=file]", str(sheet))
        page.click("#attendance-form button[type=submit]")
        expect(page.locator("#last-import")).to_contain_text("2 baris = 1 tercatat hadir (1 baru) + 1 ditolak")
        expect(page.locator("#rejected tr[data-reason='attendance.nik_unknown'] td").first).to_have_text("3")
        expect(page.locator("#attendees tbody tr")).to_have_count(3)
        expect(page.locator("#attendees")).to_contain_text("3402********")  # masked for a lurah
        # Warga 9 enrols four days after the event: it counts for the event
        e = enrolment_register(nik=persons["Warga 9"]["nik"], nama="Warga 9", segment="BPU", payer="APBDES",
                               month_from=date(2023, 3, 1), month_to=date(2023, 3, 1), income=1_000_000)
        Enrolment.objects.filter(pk=e.pk).update(created_at=timezone.make_aware(datetime(2023, 3, 5, 10)))
        page.reload()
        expect(page.locator("[data-figure=enrolled]")).to_have_text("1")
        expect(page.locator("[data-figure=conversion]")).to_have_text("33,33 %")
        expect(page.locator("#rejected")).to_contain_text("3402********0999")  # masked for a lurah
        shots = Path(os.environ.get("CAKUPAN_SCREENSHOTS_DIR") or tmp_path)  # docs/outreach.md
        shots.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(shots / "sosialisasi-kegiatan.png"), full_page=True)
        imp = AttendanceImport.objects.get()
        assert (imp.rows_read, imp.rows_loaded, imp.rows_rejected) == (2, 1, 1)

        with page.expect_download() as dl:
            page.click("#sheet-pdf")
        path = tmp_path / "daftar-hadir.pdf"
        dl.value.save_as(path)
        assert path.read_bytes()[:4] == b"%PDF"
        assert event.attendees.count() == 3

        # the calendar of upcoming events per kapanewon
        event_plan(name="Sosialisasi pasar", on=timezone.localdate() + timedelta(days=7), place="Pasar Srandakan",
                   area_code=KAL1, scope=Scope(role="kalurahan", area_code=KAL1), partner=lurah, team="Citra")
        page.goto(f"{live_server.url}/outreach/sosialisasi/")
        expect(page.locator("section.calendar")).to_contain_text("Sosialisasi pasar")
        expect(page.locator("#events tbody tr")).to_have_count(2)
        page.screenshot(path=str(shots / "sosialisasi.png"), full_page=True)
        browser.close()
