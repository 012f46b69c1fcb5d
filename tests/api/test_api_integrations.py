"""The API for integrations (issue 20, part 4): a token instead of a session, a 401 without one;
every list paginated with `count`/`next`/`previous` and filtered; query parameters validated (a
`run` that is not a whole number is a 400 with a message, not the latest run); rate limits answer
429; any other address under /api/ is a JSON 404."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from cakupan.accounts.models import AuditLog
from cakupan.accounts.services import token_create, token_revoke
from tests.web.factories import KAL_A, PADUKUHAN, run_make

pytestmark = pytest.mark.django_db

RUN_ENDPOINTS = ["/api/coverage/", "/api/coverage/total/", f"/api/persons/?area={KAL_A}",
                 "/api/persons/explain/?nik=3402010101900001"]


def _token_client(username: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(username=username)}")
    return api


def _join(url: str, extra: str) -> str:
    return url + ("&" if "?" in url else "?") + extra


@pytest.mark.parametrize("url", RUN_ENDPOINTS)
@pytest.mark.parametrize("run", ["abc", "1.5", "-1", "0", "99999999999999999999"])
def test_a_run_that_is_not_a_whole_number_is_a_bad_request(client_for, published, url, run):
    r = client_for("analis").get(_join(url, f"run={run}"))
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["code"] == "api.run" and "run" in body["detail"] and body["errors"]["run"]


def test_a_good_run_still_picks_that_run(client_for, published):
    older = run_make(as_of=date(2023, 1, 31), with_history=False)
    c = client_for("analis")
    assert c.get(f"/api/coverage/total/?run={published.run.pk}").status_code == 200
    assert c.get(f"/api/coverage/?run={older.run.pk}").json()["run"] == older.run.pk
    assert c.get("/api/coverage/").json()["run"] == published.run.pk  # newest as-of date by default


@pytest.mark.parametrize("url, param", [
    ("/api/coverage/?by=provinsi", "by"), ("/api/targets/?level=provinsi", "level"),
    ("/api/targets/?target=1.5", "target"), (f"/api/persons/?area={KAL_A}&status=semua", "status"),
    ("/api/persons/", "area"), ("/api/runs/?as_of=27-02-2023", "as_of"), ("/api/jobs/?kind=hapus", "kind"),
    ("/api/runs/?page=abc", "page"), ("/api/runs/?page_size=-3", "page_size"),
])
def test_every_malformed_parameter_is_a_400_naming_it(client_for, published, url, param):
    r = client_for("admin").get(url)
    assert r.status_code == 400, r.content
    assert param in r.json()["errors"] and param in r.json()["detail"]


def test_no_token_is_401_a_token_acts_as_its_user_and_a_revoked_one_is_401(published, users):
    anonymous = APIClient().get("/api/coverage/total/")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["detail"]
    assert APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/coverage/total/").status_code == 401
    api = _token_client("kapanewon")
    r = api.get(f"/api/persons/?area={KAL_A}")
    assert r.status_code == 200 and r.json()["count"] > 0
    assert all(p["nik"][4:12] == "********" for p in r.json()["results"])  # the user's role: masked
    assert AuditLog.objects.filter(action="view_persons", user__username="kapanewon").count() == 1
    assert api.get("/api/coverage/?by=kalurahan").status_code == 200
    token_revoke(username="kapanewon")
    assert api.get("/api/coverage/total/").status_code == 401


def test_person_list_pages_follow_next_and_previous(published, users):
    api = _token_client("analis")
    first = api.get(f"/api/persons/?area={KAL_A}&page_size=5").json()
    want = published.persons_by_kalurahan[KAL_A]
    assert first["count"] == want and first["pages"] == -(-want // 5) and first["page"] == 1
    assert first["previous"] is None and "page=2" in first["next"] and len(first["results"]) == 5
    seen, page = [], first
    while True:
        seen += [p["id"] for p in page["results"]]
        if page["next"] is None:
            break
        page = api.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == want  # every person once, across the pages
    assert page["previous"] and api.get(page["previous"]).json()["page"] == page["page"] - 1
    past = api.get(f"/api/persons/?area={KAL_A}&page_size=5&page={page['pages'] + 1}")
    assert past.status_code == 404 and past.json()["detail"].startswith(f"Halaman {page['pages'] + 1} tidak ada")
    # each page read (every page once, then the previous one again) is one audited look at personal data
    looks = AuditLog.objects.filter(action="view_persons")
    assert looks.count() == page["pages"] + 1 and {log.detail["via"] for log in looks} == {"api"}


def test_person_list_filters(published, users):
    api = _token_client("analis")
    none = api.get(f"/api/persons/?area={KAL_A}&status=none&page_size=500").json()
    assert none["count"] > 0 and {p["status"] for p in none["results"]} == {"none"}
    padukuhan = f"{KAL_A}.{PADUKUHAN[KAL_A][1]}"
    one = api.get(f"/api/persons/?area={KAL_A}&padukuhan={padukuhan}&ecosystem=pasar&page_size=500").json()
    assert one["count"] > 0 and {(p["padukuhan_code"], p["ecosystem"]) for p in one["results"]} == {(padukuhan, "pasar")}
    assert one["count"] < api.get(f"/api/persons/?area={KAL_A}").json()["count"]


def test_runs_are_paginated_and_filtered_by_as_of(published, users):
    older = run_make(as_of=date(2023, 1, 31), with_history=False)
    api = _token_client("pimpinan")
    both = api.get("/api/runs/?page_size=1").json()
    assert both["count"] == 2 and [r["id"] for r in both["results"]] == [published.run.pk] and both["next"]
    assert [r["id"] for r in api.get(both["next"]).json()["results"]] == [older.run.pk]
    jan = api.get("/api/runs/?as_of_before=2023-02-01").json()
    assert [r["id"] for r in jan["results"]] == [older.run.pk]
    assert api.get("/api/runs/?as_of=2023-02-27").json()["count"] == 1
    assert api.get("/api/runs/?as_of_after=2023-03-01").json() | {"results": []} == {
        "count": 0, "next": None, "previous": None, "page": 1, "pages": 1, "results": []}


def test_jobs_list_is_paginated_and_filtered(users):
    api = _token_client("admin")
    data = api.get("/api/jobs/?kind=run&status=failed").json()
    assert set(data) == {"count", "next", "previous", "page", "pages", "results"} and data["count"] == 0
    assert _token_client("pimpinan").get("/api/jobs/").status_code == 403


def test_a_user_past_the_rate_limit_gets_429(published, users, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"})
    cache.clear()
    try:
        api = _token_client("analis")
        assert [api.get("/api/coverage/total/").status_code for _ in range(3)] == [200, 200, 200]
        r = api.get("/api/coverage/total/")
        assert r.status_code == 429 and int(r["Retry-After"]) > 0 and r.json()["detail"]
        assert _token_client("kapanewon").get("/api/coverage/total/").status_code == 200  # per user
    finally:
        cache.clear()


@pytest.mark.parametrize("path", ["/api/jobs/-5/", "/api/tidak-ada/", "/api/coverage/total/x/"])
def test_an_unknown_api_address_is_a_json_404(users, path):
    r = _token_client("admin").get(path)
    assert r.status_code == 404 and r["Content-Type"] == "application/json" and r.json()["detail"]


def test_errors_follow_the_language_cookie(client_for, published):
    c = client_for("analis")
    assert "Parameter tidak sah" in c.get("/api/coverage/?run=abc").json()["detail"]
    c.cookies["django_language"] = "en"
    assert "Invalid parameter" in c.get("/api/coverage/?run=abc").json()["detail"]
    assert c.get("/api/runs/?page=9").json()["detail"] == "Page 9 does not exist: the list is shorter."
    assert c.get("/api/tidak-ada/").json()["detail"] == "Unknown API address: /api/tidak-ada/"
