"""Pages: provisional enrolments shown apart from confirmed coverage; small cells hidden ("< 5")
from roles without person-level access (docs/privacy.md "Small cells")."""
from __future__ import annotations

import re

import pytest

from .factories import KAL_A, run_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    return run_make(provisional=2)


def _table(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</table>", start)]


def test_dashboard_shows_the_provisional_part(client_for, published):
    html = client_for("analis").get("/").content.decode()
    prov = re.search(r'data-figure="provisional">(.*?)</p>', html).group(1)
    assert "di antaranya 2 sementara" in prov and "BPJS" in prov
    assert 'data-figure="confirmed-pct"' in html
    assert "&lt; 5" not in html and "data-small-cells" not in html  # analis: exact figures


def test_dashboard_in_english(client_for, published):
    c = client_for("analis")
    c.cookies["django_language"] = "en"
    html = c.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "of whom 2 provisional (not yet in the BPJS data)" in html


def test_pimpinan_sees_small_cells_hidden(client_for, published):
    html = client_for("pimpinan").get("/").content.decode()
    seg = _table(html, 'data-breakdown="segment"')
    pmi = re.search(r'<th scope="row">PMI</th>(.*?)</tr>', seg, re.S).group(1)
    assert pmi.count("&lt; 5") == 3 and "%" not in pmi  # workforce 2, active 1, nonactive 1: no percentage
    assert re.search(r'data-figure="provisional">[^<]*&lt; 5', html)  # 2 provisional, hidden
    assert 'data-figure="workforce">75<' in html  # large totals stay
    assert "data-small-cells" in html
    assert 'data-figure="confirmed-pct"' not in html  # derived from a hidden count


def test_pimpinan_area_table(client_for, published):
    html = client_for("pimpinan").get(f"/wilayah/{KAL_A}/").content.decode()
    table = _table(html, 'id="area-table"')
    row = re.search(rf'data-code="{re.escape(KAL_A)}.ngentak">(.*?)</tr>', table, re.S).group(1)
    assert "&lt; 5" in row and "%" not in row  # 3 active of 12
    analis = client_for("analis").get(f"/wilayah/{KAL_A}/").content.decode()
    assert "&lt; 5" not in _table(analis, 'id="area-table"')
    assert 'data-col="provisional">2<' in analis
