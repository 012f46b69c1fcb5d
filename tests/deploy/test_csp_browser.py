"""The pages under the Content-Security-Policy in real headless Chromium: the browser reports no
violation (a blocked script, handler or style would raise a `securitypolicyviolation` event and a
console error), and the scripts that used to be inline still run from their static files."""
from __future__ import annotations

import os
from datetime import date

import pytest

from tests.web.factories import KAB, PASSWORD, run_make, users_make

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# recorded before any page script runs; read back with page.evaluate (CDP, not subject to the CSP)
RECORD = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


def test_pages_raise_no_csp_violation_in_the_browser(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    from cakupan.targets.services import target_allocate, target_set

    run_make()
    users_make()
    target = target_set(area_code=KAB, value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    target_allocate(target_id=target.id, rule="equal_rate")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="id-ID")
        context.add_init_script(RECORD)
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", "analis")
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(lambda url: "/masuk/" not in url)
        seen = {}
        for url in ["/", "/peta/", f"/wilayah/{KAB}/", f"/target/?t={target.id}", "/outreach/pendaftaran/", "/run/"]:
            resp = page.goto(f"{live_server.url}{url}")
            assert resp.status == 200 and "script-src 'self'" in resp.headers["content-security-policy"], url
            page.wait_for_load_state("load")
            if url == "/outreach/pendaftaran/":  # enrol.js (inline before) quotes the contribution live
                page.fill("#enrol-form input[name=income]", "2.500.000")
                expect(page.locator("#quote-total")).not_to_have_text("–", timeout=30_000)
            if url == "/peta/":  # cakupan.js shows the tooltip over a region
                page.hover("#map a.region")
                expect(page.locator("#map-tip")).to_be_visible(timeout=10_000)
            seen[url] = page.evaluate("window.__csp")
        browser.close()
    assert {u: v for u, v in seen.items() if v} == {} and console == []
