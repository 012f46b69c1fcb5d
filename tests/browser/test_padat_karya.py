"""Padat karya before the start in headless Chromium: register a project, upload its crew (one row
from outside the region, reported by row and kept), see it among the projects starting within 14
days, enrol the uncovered crew in one click, and watch the project become 'siap mulai'.

    CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_padat_karya.py
writes docs/screenshots/padat-karya-*.png (the screenshots in docs/padat-karya.md).
"""
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from cakupan.compliance.models import PadatKaryaProject
from cakupan.outreach.models import Enrolment
from tests.outreach.factories import KAL1, make_run, make_user, person
from tests.browser.playwright_helpers import ARGS, CHROMIUM, log_in

OUTSIDER = "3471011505900001"  # Kota Yogyakarta


def _shot(page, name: str) -> None:
    folder = os.environ.get("CAKUPAN_SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"padat-karya-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_padat_karya_pre_start_flow(live_server, tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    today = date.today()
    persons = [person(1), person(2, status="nonactive", segment="BPU", paid_through=date(2022, 6, 1)),
               person(3, age=70 + today.year - 2023), person(4), person(5)]
    make_run(persons, as_of=today)  # the data month is this month: the paid months fall in its window
    make_user("kepatuhan1", role="kepatuhan")
    crew = tmp_path / "kru-PK-B-1.csv"
    crew.write_text("NIK;NAMA\n" + "".join(f"{p['nik']};{p['nama']}\n" for p in persons) + f"{OUTSIDER};Tamu Kota\n",
                    encoding="utf-8")
    start = today + timedelta(days=5)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID", viewport={"width": 1280, "height": 900})
        log_in(page, live_server.url, "kepatuhan1")

        page.goto(f"{live_server.url}/kepatuhan/")
        page.click("#padat-karya-link")
        expect(page.locator("h1")).to_have_text("Padat karya sebelum mulai")
        expect(page.locator("main, body").first).to_contain_text("di atas 65 tahun tidak diperiksa")
        page.fill("#project-form input[name=code]", "PK-B-1")
        page.fill("#project-form input[name=name]", "Talud Padukuhan Krajan")
        page.select_option("#project-form select[name=kalurahan]", KAL1)
        page.fill("#project-form input[name=start_date]", start.isoformat())
        assert page.input_value("#project-form input[name=duration_days]") == "21"
        page.select_option("#project-form select[name=crew_size]", "26")
        page.select_option("#project-form select[name=funding]", "APBDES")
        page.click("#project-form button[type=submit]")
        expect(page.locator("h1")).to_contain_text("PK-B-1")

        page.set_input_files("#crew-file", str(crew))
        page.click("#crew-form button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("6 baris kru dibaca; 1 baris bermasalah")
        expect(page.locator("#crew-issues")).to_contain_text("Bukan warga Bantul")
        expect(page.locator("#crew")).to_contain_text("Tamu Kota")  # kept, checked, enrollable
        expect(page.locator("#uncovered")).to_have_text("5")
        expect(page.locator("#crew tbody tr")).to_have_count(6)
        _shot(page, "project")

        page.goto(f"{live_server.url}/kepatuhan/proyek/")
        row = page.locator("#projects tbody tr", has_text="PK-B-1")
        expect(row).to_contain_text("belum siap")
        expect(row.locator("td.num").last).to_have_text("5")
        _shot(page, "list")
        row.locator("a").first.click()

        page.click("#enrol-form button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("5 pekerja didaftarkan (JKK + JKM, dibayar APBDes")
        expect(page.locator("#project-status")).to_have_text("siap mulai")
        expect(page.locator("#enrol-form")).to_have_count(0)
        expect(page.locator("#crew")).to_contain_text("didaftarkan, menunggu konfirmasi")
        assert PadatKaryaProject.objects.get().status == "siap_mulai"
        enrolments = Enrolment.objects.filter(batch="PK-B-1")
        assert enrolments.count() == 5 and {e.payer for e in enrolments} == {"APBDES"}

        page.goto(f"{live_server.url}/kepatuhan/proyek/")
        expect(page.locator("#projects")).to_contain_text("Tidak ada proyek.")
        browser.close()
