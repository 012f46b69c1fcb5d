import pytest

from cakupan.accounts.models import AuditLog
from tests.oracle import tally_by, tally_total
from tests.web.factories import KAL_A, KAP_A

pytestmark = pytest.mark.django_db


def test_coverage_by_level_equals_the_persons(client_for, published):
    """Every level's figures against the factory's person rows tallied independently."""
    c = client_for("analis")
    for level in ("kapanewon", "kalurahan", "padukuhan", "segment", "ecosystem"):
        data = c.get(f"/api/coverage/?by={level}").json()
        want = tally_by(published.run, level)
        assert {r["key"]: (r["workforce"], r["active"], r["nonactive"], r["pct"]) for r in data["rows"]} == {
            k: (t.workforce, t.active, t.nonactive, t.pct) for k, t in want.items()
        }, level
        assert data["run"] == published.run.pk
    rows = c.get(f"/api/coverage/?by=kalurahan&within={KAP_A}").json()["rows"]
    assert {r["name"] for r in rows} == {"Poncosari", "Trimurti"}


def test_coverage_total(client_for, published):
    data = client_for("analis").get("/api/coverage/total/").json()
    total = tally_total(published.run)
    assert (data["workforce"], data["active"], data["pct"]) == (total.workforce, total.active, total.pct)
    # by hand from the factory: 6 padukuhan x 12 + 3 = 75 workers, 19 active (every 4th person)
    assert (data["workforce"], data["active"], data["pct"]) == (75, 19, 25.33)
    assert data["name"] == "Kabupaten Bantul"


def test_bad_level_and_no_run(client_for, users):
    c = client_for("analis")
    assert c.get("/api/coverage/").status_code == 404  # nothing published yet
    assert c.get("/api/runs/").json()["results"] == []
    assert c.get("/api/coverage/?by=provinsi").status_code == 400  # not a level: a bad request


def test_runs_listed(client_for, published):
    data = client_for("pimpinan").get("/api/runs/").json()["results"]
    assert data[0]["id"] == published.run.pk and data[0]["as_of"] == "2023-02-27"


def test_persons_api_masks_and_audits(client_for, published):
    data = client_for("kapanewon").get(f"/api/persons/?area={KAL_A}&status=none").json()
    assert data["count"] > 0 and all(p["status"] == "none" for p in data["results"])
    assert all(p["nik"][4:12] == "********" for p in data["results"])
    log = AuditLog.objects.get()
    assert log.detail["via"] == "api" and log.rows == len(data["results"])


def test_openapi_schema_served_locally(client_for):
    response = client_for("analis").get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/coverage/" in body and "/api/persons/" in body
