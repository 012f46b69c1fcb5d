"""The job API with a token only: upload population, members and the ASN roster, start a run,
follow the jobs to the end; the figures equal a direct run's. 403 for other roles, 409 for a
second run, 400 for a wrong request; the OpenAPI schema names the endpoints."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from .conftest import PASSWORD, drain

pytestmark = pytest.mark.django_db(transaction=True)


def _token_client(username: str) -> APIClient:
    from cakupan.accounts.services import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(username=username)}")
    return client


def _post_file(client, path, **fields):
    with path.open("rb") as fh:
        return client.post("/api/imports/", {**fields, "file": fh}, format="multipart")


def test_upload_and_run_with_a_token_only(operator, small_synth):
    api = _token_client("operator")
    r = _post_file(api, small_synth / "population.csv", kind="population", as_of="2023-02-27")
    assert r.status_code == 202, r.content
    assert r["Location"] == f"/api/jobs/{r.json()['id']}/" and r.json()["status"] == "queued"
    ids = [r.json()["id"]]
    ids.append(_post_file(api, small_synth / "members.csv", kind="members", as_of="2023-02-27").json()["id"])
    ids.append(_post_file(api, small_synth / "rosters" / "asn.csv", kind="roster", roster_kind="asn",
                          as_of="2023-02-27").json()["id"])
    drain()
    for job_id in ids:
        job = api.get(f"/api/jobs/{job_id}/").json()
        assert job["status"] == "done", job
        assert set(job) >= {"id", "kind", "status", "progress", "step", "message", "result"}
        res = job["result"]
        assert res["status"] == "loaded" and res["rows_read"] == res["rows_loaded"] + res["rows_quarantined"]
    r = api.post("/api/runs/", {}, format="json")
    assert r.status_code == 202, r.content
    assert api.post("/api/runs/", {}, format="json").status_code == 409
    drain()
    run = api.get(f"/api/jobs/{r.json()['id']}/").json()
    assert run["status"] == "done" and run["progress"] == 1.0, run
    truth = json.loads((small_synth / "truth" / "summary.json").read_text())
    assert abs(run["result"]["workforce"] - truth["workforce"]) <= 1
    assert abs(run["result"]["active"] - truth["active"]) <= max(2, round(truth["active"] * 0.001))
    listed = api.get("/api/runs/").json()["results"]
    assert listed[0]["id"] == run["result"]["run_id"]
    assert [j["id"] for j in api.get("/api/jobs/").json()["results"]][:1] == [r.json()["id"]]


def test_other_roles_get_403_and_bad_requests_400(operator, small_synth, tmp_path):
    from cakupan.accounts.services import user_create

    user_create(username="pimpinan", role="pimpinan", password=PASSWORD)
    boss = _token_client("pimpinan")
    assert _post_file(boss, small_synth / "members.csv", kind="members", as_of="2023-02-27").status_code == 403
    assert boss.post("/api/runs/", {}, format="json").status_code == 403
    assert boss.get("/api/jobs/").status_code == 403
    assert boss.get("/api/runs/").status_code == 200  # reading published runs stays open
    assert APIClient().post("/api/runs/", {}, format="json").status_code in (401, 403)
    api = _token_client("operator")
    assert _post_file(api, small_synth / "members.csv", kind="roster", as_of="2023-02-27").status_code == 400
    assert _post_file(api, small_synth / "members.csv", kind="members", as_of="27-02-2023").status_code == 400
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    r = _post_file(api, empty, kind="members", as_of="2023-02-27")
    assert r.status_code == 400 and r.json().get("file")
    assert api.get("/api/jobs/999999/").status_code == 404


def test_schema_names_the_job_endpoints(operator):
    api = _token_client("operator")
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    for path in ("/api/imports/", "/api/runs/", "/api/jobs/{job_id}/"):
        assert path in schema
    assert "tokenAuth" in schema or "TokenAuthentication" in schema
