"""Allocating the kabupaten target through the page, in headless Chromium."""
import os
from datetime import date

import pytest

from cakupan.accounts.services import user_create
from cakupan.targets.models import Target
from cakupan.targets.services import target_set
from tests.targets.factories import make_region

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = "rahasia-panjang-1"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_allocate_target_through_the_page(live_server, tmp_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM checks beside Playwright's loop
    from playwright.sync_api import sync_playwright

    make_region()
    t = target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    user_create(username="analis", role="analis", password=PASSWORD)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="id-ID")
        page.goto(f"{live_server.url}/masuk/")
        page.fill("input[name=username]", "analis")
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/masuk/" not in url)
        page.goto(f"{live_server.url}/target/?t={t.id}")
        page.check("input[name=rule][value=proportional_uncovered]")
        # one field per kapanewon, found by its name; a count typed the Indonesian way
        page.get_by_label("Kapanewon 2", exact=True).fill("6.000")
        page.click("#allocate-form button[type=submit]")
        page.wait_for_selector("tr.lvl-kalurahan")
        rows = page.locator("#target-table tbody tr")
        assert rows.count() == 1 + 3 + 6
        assert "6.000" in page.locator('tr[data-area="34.02.02"]').inner_text()
        page.screenshot(path=str(tmp_path / "target.png"), full_page=True)
        browser.close()
    kids = Target.objects.filter(parent=t)
    assert sum(k.target_count for k in kids) == t.target_count
    assert kids.get(area_id="34.02.02").manual_override
