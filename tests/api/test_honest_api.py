"""API: `provisional` next to `active`; small cells null and listed in `suppressed` for roles
without person-level access (docs/privacy.md "Small cells")."""
from __future__ import annotations

import pytest

from tests.web.factories import run_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    return run_make(provisional=2)


def test_provisional_in_coverage_responses(client_for, published):
    c = client_for("analis")
    total = c.get("/api/coverage/total/").json()
    assert total["provisional"] == 2 and total["confirmed"] == total["active"] - 2
    assert total["suppressed"] == [] and total["suppress_below"] == 0
    rows = {r["key"]: r for r in c.get("/api/coverage/?by=segment").json()["rows"]}
    assert rows["PMI"]["workforce"] == 2 and rows["PMI"]["suppressed"] == []
    assert sum(r["provisional"] for r in rows.values()) == 2


def test_pimpinan_gets_nulls_and_the_list(client_for, published):
    c = client_for("pimpinan")
    rows = {r["key"]: r for r in c.get("/api/coverage/?by=segment").json()["rows"]}
    pmi = rows["PMI"]
    assert pmi["workforce"] is None and pmi["active"] is None and pmi["pct"] is None
    assert {"workforce", "active", "nonactive", "pct"} <= set(pmi["suppressed"]) and pmi["suppress_below"] == 5
    total = c.get("/api/coverage/total/").json()
    assert total["workforce"] == 75 and total["provisional"] is None and "provisional" in total["suppressed"]


def test_schema_documents_the_fields(client_for):
    body = client_for("analis").get("/api/schema/").content.decode()
    assert "provisional" in body and "suppressed" in body and "small-cell rule" in body
