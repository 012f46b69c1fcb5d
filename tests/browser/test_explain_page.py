"""The person page in real headless Chromium: a kalurahan operator opens "Cari orang", types Pak
Sukirno's NIK and reads why his card does not count, on a desktop and on a phone."""
import os
import re

import pytest

from cakupan.accounts.models import AuditLog
from tests.explain.world import N, world_make
from tests.web.factories import users_make

from .test_web_pages import ARGS, CHROMIUM, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, cakupan_home):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop
    return world_make(), users_make()


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def sentence(page, code: str) -> str:
    el = page.locator(f'[data-code="{code}"]')
    assert el.count() == 1 and el.is_visible(), code
    return el.inner_text()


def test_kalurahan_operator_reads_why_pak_sukirno_is_not_counted(world, chromium, live_server):
    page = login(chromium, live_server.url, "kalurahan", viewport={"width": 1280, "height": 900})
    page.click("nav >> text=Cari orang")
    page.wait_for_url("**/orang/")
    page.fill("#id_nik", N.CARD_UNLINKED)
    page.click("#explain-search button[type=submit]")
    page.wait_for_url(re.compile(r".*/orang/[A-Za-z0-9_-]{8,32}/$"))
    assert N.CARD_UNLINKED not in page.url
    assert page.locator("#person-name").inner_text() == "SUKIRNO"
    assert "3402********0012" in page.locator("#person-facts").inner_text()
    assert "Proses 27 Februari 2023" in page.locator("#person-run").inner_text()
    link = sentence(page, "link.card_unlinked")
    assert "11000000012" in link and "SUKIRMAN HADI" in link and "tidak dipadankan dan tidak dihitung" in link
    status = sentence(page, "status.none")
    assert status.startswith("Belum terdaftar") and "belum terlindungi" in status
    assert page.locator("#person-history tbody tr").count() == 2
    assert N.CARD_UNLINKED not in page.content()
    assert AuditLog.objects.filter(username="kalurahan", action="explain_person").count() == 1

    page.click("text=Aturan di balik angka")  # the rules behind the figures
    page.wait_for_url("**/aturan/")


def test_on_a_phone_and_in_english(world, chromium, live_server):
    page = login(chromium, live_server.url, "kalurahan", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server.url}/orang/")
    page.fill("#id_nama", "sukirno")
    page.fill("#id_lahir", "1970-12-12")
    page.click("#explain-search button[type=submit]")
    page.wait_for_selector('[data-code="link.card_unlinked"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.select_option("#lang-select", "en")
    page.click("form.lang button")
    page.wait_for_selector("text=Run of 27 February 2023")
    assert page.locator('[data-code="status.none"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # someone of another kalurahan: the same words as a NIK nobody has
    page.goto(f"{live_server.url}/orang/")
    page.fill("#id_nik", N.OTHER_KAL)
    page.click("#explain-search button[type=submit]")
    page.wait_for_selector("#explain-error")
    elsewhere = page.locator("#explain-error").inner_text()
    page.fill("#id_nik", "3402019999990001")
    page.click("#explain-search button[type=submit]")
    page.wait_for_selector("#explain-error")
    assert page.locator("#explain-error").inner_text() == elsewhere
