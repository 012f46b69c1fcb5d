"""The Content-Security-Policy is sent, and the pages satisfy it: no inline <script>, no on...=
handler, no javascript: link, no style= attribute or <style> element (scripts and styles are the
app's own static files). The main pages are rendered as a logged-in user and their HTML scanned;
every template is scanned too, so a page not rendered here cannot bring an inline script back."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web.factories import KAB, KAL_A, run_make, users_make

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# rendered by WeasyPrint into a PDF, never served as a page: their <style> is the print layout
PDF_ONLY = {"reports/coverage.html", "reports/monthly.html"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and not a.get("src") and (a.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name == "style":
                self.found.append(f"<{tag} style=...> at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_scanner_finds_what_the_policy_blocks():
    assert inline_code('<script src="/static/a.js"></script><script type="application/json">{}</script>') == []
    assert len(inline_code('<script>alert(1)</script><a onclick="x()">a</a><b style="color:red">'
                           '<style>b{}</style><a href="javascript:x()">')) == 5


def _policy(resp) -> dict[str, list[str]]:
    header = resp.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.fixture
def world(db):
    from cakupan.targets.services import target_allocate, target_set

    published = run_make()
    users = users_make()
    target = target_set(area_code=KAB, value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    target_allocate(target_id=target.id, rule="equal_rate")
    return published, users, target


def test_csp_header_forbids_inline_script_and_style(client, db):
    resp = client.get("/masuk/")
    assert resp.status_code == 200
    policy = _policy(resp)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in s or s.startswith("http") for sources in policy.values() for s in sources)
    assert inline_code(resp.content.decode()) == []


def test_main_pages_carry_no_inline_script_handler_or_style(client, world):
    published, users, target = world
    client.force_login(users["admin"])
    pages = [
        "/", "/peta/", "/wilayah/", f"/wilayah/{KAB}/", f"/wilayah/{KAL_A}/", f"/wilayah/{KAL_A}/pekerja/",
        "/aturan/", "/audit/", f"/target/?t={target.id}", "/outreach/", "/outreach/pendaftaran/",
        "/outreach/anggaran/", "/outreach/akan-nonaktif/", "/kepatuhan/", "/laporan/", "/linkage/tinjau/",
        "/run/", f"/run/{published.run.id}/", "/operasi/", "/operasi/pekerjaan/", "/orang/", "/admin/",
        "/tidak-ada/",  # the 404 page
    ]
    seen = {}
    for url in pages:
        resp = client.get(url)
        assert resp.status_code == (404 if url == "/tidak-ada/" else 200), (url, resp.status_code)
        assert "'self'" in _policy(resp)["script-src"], url
        seen[url] = inline_code(resp.content.decode())
    assert {u: f for u, f in seen.items() if f} == {}
    # the pages that used to carry inline code still show what it drew, now policy-proof
    target_page = client.get(f"/target/?t={target.id}").content.decode()
    assert "targets/targets.css" in target_page and re.search(r'<span class="progress"[^>]*><svg viewBox="0 0 100 1"[^>]*><rect width="-?\d+"', target_page)
    assert "outreach/enrol.js" in client.get("/outreach/pendaftaran/").content.decode()
    dashboard = client.get("/").content.decode()
    assert re.search(r'<svg class="bar" viewBox="0 0 100 1"[^>]*><rect width="\d+"', dashboard)
    assert re.search(r'<svg class="swatch"[^>]*><rect [^>]*fill="#[0-9a-fA-F]{6}"', client.get("/peta/").content.decode())


def _templates():
    for base in [*ROOT.glob("cakupan/**/templates"), ROOT / "templates"]:
        for path in sorted(base.rglob("*.html")) if base.is_dir() else []:
            name = path.relative_to(base).as_posix()
            if name not in PDF_ONLY:
                yield path.relative_to(ROOT).as_posix(), path


def test_no_template_carries_inline_script_handler_or_style():
    found = {}
    for rel, path in _templates():
        src = path.read_text(encoding="utf-8")
        # template tags can hide an attribute's value, not the attribute: drop them before parsing
        problems = inline_code(re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "x", src, flags=re.S))
        if problems:
            found[rel] = problems
    assert found == {}
    assert len(list(_templates())) > 40
