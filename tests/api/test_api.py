import pytest

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import scope_for
from cakupan.coverage import selectors as cov
from tests.web.factories import KAL_A, KAP_A

pytestmark = pytest.mark.django_db


def test_coverage_by_level_equals_selectors(client_for, published, users):
    c = client_for("analis")
    scope = scope_for(users["analis"])
    for level in ("kapanewon", "kalurahan", "padukuhan", "segment", "ecosystem"):
        data = c.get(f"/api/coverage/?by={level}").json()
        want = cov.coverage_by(run=published.run, by=level, scope=scope)
        assert [(r["key"], r["workforce"], r["active"], r["nonactive"], r["pct"]) for r in data["rows"]] == [
            (r.key, r.workforce, r.active, r.nonactive, r.pct) for r in want
        ]
        assert data["run"] == published.run.pk
    rows = c.get(f"/api/coverage/?by=kalurahan&within={KAP_A}").json()["rows"]
    assert {r["name"] for r in rows} == {"Poncosari", "Trimurti"}


def test_coverage_total(client_for, published, users):
    data = client_for("analis").get("/api/coverage/total/").json()
    total = cov.coverage_total(run=published.run, scope=scope_for(users["analis"]))
    assert (data["workforce"], data["active"], data["pct"]) == (total.workforce, total.active, total.pct)
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
