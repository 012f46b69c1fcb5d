"""The web app in real headless Chromium (Debian's /usr/bin/chromium): log in as several roles,
read the dashboard (it must equal the selectors and `cakupan coverage`), click map -> kapanewon ->
kalurahan -> worker list, check scope limits, and save the screenshots shown in docs/web.md."""
import json
import os
from datetime import date
from pathlib import Path

import pytest

from cakupan.accounts.models import AuditLog
from cakupan.core.formatting import angka, persen
from cakupan.targets.services import target_set
from tests.oracle import facts_total
from tests.web.factories import KAL_A, KAL_B, KAP_A, PASSWORD, users_make
from tests.web.factories_bantul import bantul_run_make

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The committed screenshots (docs/screenshots) are refreshed with
#   CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_web_pages.py
# otherwise they go to a temporary directory, so a test run leaves the tree clean.
SHOTS_ENV = "CAKUPAN_SCREENSHOTS_DIR"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop
    run = bantul_run_make(persons=4_000, history_months=14)
    users = users_make()
    target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    return run, users


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def login(browser, base, username, **context):
    page = browser.new_context(locale="id-ID", **context).new_page()
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/masuk/" not in url)
    return page


def fig(page, name):
    return page.locator(f'[data-figure="{name}"]').first.inner_text().strip()


@pytest.fixture(autouse=True)
def shots_dir(tmp_path):
    global SHOTS
    SHOTS = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)


def shot(page, name, full=True):
    page.screenshot(path=str(SHOTS / name), full_page=full)
    assert (SHOTS / name).stat().st_size > 5_000  # a real page, not a blank


@pytest.fixture
def cli_json(monkeypatch):
    """`cakupan coverage --format json ARGS` as a function; the ready flag is set only for the test
    (the live server's test database is already migrated) and restored after it."""
    from typer.testing import CliRunner

    from cakupan import home
    from cakupan.cli import app

    monkeypatch.setattr(home, "_READY", True)

    def invoke(*args):
        result = CliRunner().invoke(app, ["coverage", "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return invoke


def test_analis_dashboard_map_drilldown_workers(world, chromium, live_server, cli_json):
    run, users = world
    page = login(chromium, live_server.url, "analis", viewport={"width": 1280, "height": 900})
    total = facts_total(run)  # the facts summed here, not by the selectors the views call
    cli = cli_json("--by", "kabupaten")["rows"][0]
    assert fig(page, "workforce") == angka(total.workforce) == angka(cli["workforce"])
    assert fig(page, "active") == angka(total.active) == angka(cli["active"])
    assert fig(page, "pct") == persen(total.pct) == persen(cli["pct"])
    shot(page, "dashboard.png")
    page.keyboard.press("Tab")  # the first Tab lands on the skip link
    assert page.evaluate("document.activeElement.className") == "skip"

    page.click("nav >> text=Peta")
    page.wait_for_selector("svg#map")
    region = page.locator(f'a.region[data-code="{KAP_A}"]')
    region.hover()
    assert "Srandakan" in page.locator("#map-tip").inner_text()
    shot(page, "map-kapanewon.png")
    region.click()
    page.wait_for_url(f"**/wilayah/{KAP_A}/")
    kap = {r["key"]: r for r in cli_json("--by", "kapanewon")["rows"]}[KAP_A]
    assert fig(page, "workforce") == angka(kap["workforce"]) and fig(page, "pct") == persen(kap["pct"])
    assert fig(page, "workforce") == angka(facts_total(run, within=KAP_A).workforce)
    shot(page, "area-kapanewon.png")
    page.locator(f'a.region[data-code="{KAL_A}"]').click()  # the kapanewon page's zoomed map
    page.wait_for_url(f"**/wilayah/{KAL_A}/")
    kal = {r["key"]: r for r in cli_json("--by", "kalurahan")["rows"]}[KAL_A]
    assert fig(page, "active") == angka(kal["active"]) == angka(facts_total(run, within=KAL_A).active)
    page.click("#area-table thead >> text=Cakupan")  # sort padukuhan by coverage
    page.wait_for_url("**sort=pct**")
    shot(page, "area-kalurahan.png")
    page.click("text=Daftar pekerja yang belum tercakup")
    page.wait_for_selector("#persons-table")
    first_nik = page.locator("#persons-table td.nik").first.inner_text()
    assert "*" not in first_nik and len(first_nik.strip()) == 16  # analis sees full NIK
    shot(page, "persons.png")
    assert AuditLog.objects.filter(username="analis", action="view_persons").exists()

    page.goto(f"{live_server.url}/peta/?level=kalurahan")
    assert page.locator("a.region").count() == 75
    shot(page, "map-kalurahan.png")


def test_kalurahan_operator_on_a_phone(world, chromium, live_server):
    run, users = world
    page = login(chromium, live_server.url, "kalurahan", viewport={"width": 390, "height": 844}, is_mobile=True)
    mine = facts_total(run, within=KAL_A)  # the operator's kalurahan (users_make)
    everything = facts_total(run)
    assert fig(page, "workforce") == angka(mine.workforce) != angka(everything.workforce)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    shot(page, "dashboard-phone.png")
    assert page.goto(f"{live_server.url}/wilayah/{KAL_B}/pekerja/").status == 404
    assert page.goto(f"{live_server.url}/wilayah/{KAL_B}/").status == 404
    page.goto(f"{live_server.url}/peta/?level=kalurahan")
    assert page.locator("a.region").count() == 1  # only its own kalurahan is clickable
    page.goto(f"{live_server.url}/wilayah/{KAL_A}/pekerja/")
    niks = page.locator("#persons-table td.nik").all_inner_texts()
    assert niks and all("********" in n for n in niks)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "persons-phone.png", full=False)
    page.locator("#persons-table button.link").first.click()
    page.wait_for_selector("[data-nik]")
    assert "*" not in page.locator("[data-nik]").inner_text()
    assert AuditLog.objects.filter(username="kalurahan", action="reveal_nik").count() == 1
    for url in ("/outreach/pendaftaran/", "/linkage/tinjau/", "/kepatuhan/"):  # wide tables scroll in their box
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url


def test_pimpinan_english_and_review(world, chromium, live_server):
    run, users = world
    page = login(chromium, live_server.url, "pimpinan", viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/wilayah/{KAL_A}/")
    assert page.locator("text=Daftar pekerja yang belum tercakup").count() == 0
    assert page.goto(f"{live_server.url}/wilayah/{KAL_A}/pekerja/").status == 403
    page.goto(f"{live_server.url}/")
    page.select_option("#lang-select", "en")
    page.click("form.lang button")
    page.wait_for_selector("text=Membership coverage")
    assert fig(page, "pct") == f"{facts_total(run).pct:.2f}\u00a0%"
    shot(page, "dashboard-en.png")

    admin = login(chromium, live_server.url, "admin", viewport={"width": 1280, "height": 900})
    admin.goto(f"{live_server.url}/linkage/tinjau/")
    assert admin.locator("article.review").count() == 3
    shot(admin, "review.png")
    admin.locator("article.review").first.locator("button[value=accept]").click()
    admin.wait_for_selector(".messages")
    assert admin.locator("article.review").count() == 2
    admin.goto(f"{live_server.url}/audit/")
    assert "Memutuskan padanan" in admin.locator("#audit-table").inner_text()
    shot(admin, "audit.png")
