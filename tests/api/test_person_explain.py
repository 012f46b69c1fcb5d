"""GET /api/persons/explain/ (issue 19): the person page's explanation as JSON, found by NIK, KPJ or
name + birth date, scoped (out of scope = not found, same words), masked, audited."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings

from cakupan.accounts.models import AuditLog
from tests.explain.conftest import world  # noqa: F401  (the explain tests' fixture region)
from tests.explain.world import KPJ, N

pytestmark = pytest.mark.django_db
URL = "/api/persons/explain/"


def codes(explanation: dict) -> dict[str, list[str]]:
    return {s["key"]: [x["code"] for x in s["sentences"]] for s in explanation["sections"]}


def test_by_nik_explains_every_section(client_for, world):
    r = client_for("analis").get(URL, {"nik": N.CARD_UNLINKED})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["count"] == 1 and len(data["matches"]) == 1
    expl = data["explanation"]
    assert expl["run"] == world.run.pk and expl["as_of"] == "2023-02-27"
    assert expl["nik"] == N.CARD_UNLINKED and expl["person"]["nama"] == "SUKIRNO"
    assert expl["person"]["kalurahan"] == "Poncosari" and expl["person"]["birth_date"] == "1970-12-12"
    got = codes(expl)
    assert got["workforce"] == ["workforce.in"]
    assert got["linkage"] == ["link.card_unlinked"]
    assert got["status"] == ["status.none"]
    sentence = next(x["text"] for s in expl["sections"] for x in s["sentences"] if x["code"] == "link.card_unlinked")
    assert "SUKIRMAN HADI" in sentence and KPJ[N.CARD_UNLINKED] in sentence
    assert [h["run_id"] for h in expl["history"]] == [world.run_old.pk, world.run.pk]
    assert all(h["found"] and h["available"] for h in expl["history"])
    assert expl["changes"] and all(c["code"].startswith("history.") for c in expl["changes"])


def test_by_kpj_finds_the_linked_person(client_for, world):
    data = client_for("analis").get(URL, {"kpj": KPJ[N.EXACT]}).json()
    assert data["count"] == 1 and data["matches"][0]["nik"] == N.EXACT
    assert data["matches"][0] == {"nik": N.EXACT, "nama": "SUKARDI", "birth_date": "1980-01-01",
                                  "area": "Poncosari", "in_workforce": True, "status": "active"}
    expl = data["explanation"]
    assert codes(expl)["linkage"] == ["link.exact"] and codes(expl)["status"] == ["status.active"]
    assert expl["person"]["kpj"] == KPJ[N.EXACT] and expl["person"]["segment"] == "PU"
    # the older run had him uncovered: the history says he became active
    assert [h["status"] for h in expl["history"]] == ["none", "active"]
    assert "history.status" in [c["code"] for c in expl["changes"]]


def _add_namesake(run) -> str:
    """A second SUKARDI born the same day, in the same kalurahan, in `run`'s person_status."""
    path = Path(settings.CAKUPAN_HOME) / run.run_dir / "person_status.parquet"
    rows = pq.read_table(path).to_pylist()
    twin = dict(next(r for r in rows if r["nik"] == N.EXACT), nik="3402014101800099", nama="SUKARDI WIYONO",
                status="none", segment="NONE", kpj="", paid_through=None, link_method="", member_records=0)
    pq.write_table(pa.Table.from_pylist(rows + [twin]), path)
    return twin["nik"]


def test_by_name_and_birth_date_lists_several_to_narrow_down(client_for, world):
    twin = _add_namesake(world.run)
    c = client_for("kalurahan")
    r = c.get(URL, {"nama": "sukardi", "lahir": "1980-01-01"})
    data = r.json()
    assert r.status_code == 200 and data["count"] == 2 and data["explanation"] is None
    assert [m["nama"] for m in data["matches"]] == ["SUKARDI", "SUKARDI WIYONO"]
    assert [m["nik"] for m in data["matches"]] == ["3402********0001", "3402********0099"]  # masked for kalurahan
    assert {m["status"] for m in data["matches"]} == {"active", "none"}
    assert twin not in r_text(r) and N.EXACT not in r_text(r)
    # a fuller name narrows it down to one, explained
    one = c.get(URL, {"nama": "sukardi wiy", "lahir": "1980-01-01"}).json()
    assert one["count"] == 1 and codes(one["explanation"])["status"] == ["status.none"]
    assert one["explanation"]["nik"] == "3402********0099"
    # the wrong birth date finds nobody
    r = c.get(URL, {"nama": "sukardi", "lahir": "1980-01-02"})
    assert r.status_code == 404 and r.json()["code"] == "explain.not_found"


def r_text(response) -> str:
    return response.content.decode()


def test_not_found_and_out_of_scope_answer_the_same(client_for, world):
    c = client_for("kalurahan_b")  # Gadingsari (34.02.02.2001)
    missing = c.get(URL, {"nik": "3402029999990001"})
    outside = c.get(URL, {"nik": N.EXACT})  # lives in Poncosari (KAL_A)
    assert missing.status_code == outside.status_code == 404
    assert missing.json() == outside.json()
    assert outside.json()["code"] == "explain.not_found" and "tidak ditemukan" in outside.json()["detail"]
    assert "SUKARDI" not in r_text(outside)
    assert c.get(URL, {"kpj": KPJ[N.EXACT]}).json() == missing.json()
    # the same user's own kalurahan is found
    own = c.get(URL, {"nik": N.OTHER_KAL})
    assert own.status_code == 200 and own.json()["explanation"]["person"]["kalurahan"] == "Gadingsari"


def test_a_role_without_person_access_is_forbidden(client_for, world):
    r = client_for("pimpinan").get(URL, {"nik": N.EXACT})
    assert r.status_code == 403
    assert r.json()["code"] == "explain.forbidden" and "SUKARDI" not in r_text(r)


def test_anonymous_is_refused(client, world):
    assert client.get(URL, {"nik": N.EXACT}).status_code in (401, 403)


def test_nik_masked_for_kalurahan_full_for_analis(client_for, world):
    kal = client_for("kalurahan").get(URL, {"nik": N.EXACT})
    assert kal.status_code == 200
    assert kal.json()["explanation"]["nik"] == "3402********0001"
    assert kal.json()["matches"][0]["nik"] == "3402********0001"
    assert N.EXACT not in r_text(kal)
    analis = client_for("analis").get(URL, {"nik": N.EXACT}).json()
    assert analis["explanation"]["nik"] == N.EXACT and analis["matches"][0]["nik"] == N.EXACT


@pytest.mark.parametrize("params, code", [
    ({"nik": N.EXACT, "run": "abc"}, "api.run"),
    ({"nik": N.EXACT, "run": "-1"}, "api.run"),
    ({"nik": "123"}, "explain.nik"),
    ({}, "explain.query"),
    ({"nama": "sukardi"}, "explain.query"),  # a name needs the birth date
    ({"nama": "su", "lahir": "1980-01-01"}, "explain.name"),
    ({"nama": "sukardi", "lahir": "01-01-1980"}, "api.lahir"),
    ({"kpj": "11-00'; drop table"}, "explain.kpj"),
])
def test_bad_queries_are_bad_requests(client_for, world, params, code):
    r = client_for("analis").get(URL, params)
    assert r.status_code == 400, r.content
    assert r.json()["code"] == code and r.json()["detail"]


def test_a_nul_is_a_bad_request(client_for, world):
    for query in (f"nik={N.EXACT}%00", "nama=suk%00ardi&lahir=1980-01-01", f"nik={N.EXACT}&run=1%00"):
        r = client_for("analis").get(f"{URL}?{query}")
        assert r.status_code == 400 and "NUL" in r.json()["detail"], query


def test_an_older_run_can_be_chosen(client_for, world):
    c = client_for("analis")
    old = c.get(URL, {"nik": N.EXACT, "run": world.run_old.pk}).json()["explanation"]
    assert old["run"] == world.run_old.pk and old["as_of"] == "2023-01-31"
    assert codes(old)["status"] == ["status.none"]
    unknown = c.get(URL, {"nik": N.EXACT, "run": 99999}).json()["explanation"]  # unknown id: the latest run
    assert unknown["run"] == world.run.pk


def test_no_published_run_is_not_found(client_for, db):
    r = client_for("analis").get(URL, {"nik": N.EXACT})
    assert r.status_code == 404 and r.json()["code"] == "explain.no_run"


def test_searches_and_explanations_are_audited_via_api(client_for, users, world):
    before = AuditLog.objects.count()
    client_for("kalurahan").get(URL, {"nik": N.EXACT})
    client_for("kalurahan").get(URL, {"nik": N.OTHER_KAL})  # out of scope: searched, nothing explained
    rows = list(AuditLog.objects.order_by("id"))[before:]
    assert [r.action for r in rows] == ["search_person", "explain_person", "search_person"]
    assert all(r.user == users["kalurahan"] and r.detail["via"] == "api" for r in rows)
    assert rows[0].detail["by"] == "nik" and rows[0].rows == 1 and rows[2].rows == 0
    assert rows[1].detail == {"nik": "3402********0001", "run": world.run.pk, "via": "api"}
    assert N.EXACT not in str([r.detail for r in rows])


def test_documented_in_the_openapi_schema(client_for):
    body = client_for("analis").get("/api/schema/").content.decode()
    assert "/api/persons/explain/" in body
    for name in ("PersonExplain", "Explanation", "Match", "lahir", "kpj"):
        assert name in body, name
