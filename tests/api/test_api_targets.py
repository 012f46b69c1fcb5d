"""/api/targets/: target status per area from cakupan.targets.selectors, limited to the scope."""
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from cakupan.accounts.scope import scope_for
from cakupan.accounts.services import user_create
from cakupan.targets import selectors as tsel
from cakupan.targets.services import target_allocate, target_set
from tests.targets.factories import make_region

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-panjang-1"


@pytest.fixture
def allocated(db):
    codes, _figs, _run = make_region()
    root = target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    target_allocate(target_id=root.id, rule="proportional_uncovered")
    return codes, root


def _client(client, username, role, **kw):
    user_create(username=username, role=role, password=PASSWORD, **kw)
    assert client.login(username=username, password=PASSWORD)
    return client


def test_analis_sees_every_area_with_the_selector_figures(client, allocated):
    codes, root = allocated
    data = _client(client, "ana", "analis").get("/api/targets/").json()
    assert data["target"] == root.id and data["roots"] == [root.id] and data["as_of"] == "2023-02-27"
    user = get_user_model().objects.get(username="ana")
    want = tsel.target_table(target=root, as_of=date(2023, 2, 27), scope=scope_for(user))
    assert [(r["area_code"], r["target_count"], r["actual"], r["gap"], r["status"]) for r in data["rows"]] == [
        (t.area_id, st.target_count, st.actual, st.gap, st.status) for t, st in want
    ]
    assert len(data["rows"]) == 1 + 3 + 6  # kabupaten, 3 kapanewon, 6 kalurahan
    kap = client.get("/api/targets/?level=kapanewon").json()["rows"]
    assert [r["area_code"] for r in kap] == sorted({c.rsplit(".", 1)[0] for c in codes})


def test_kalurahan_sees_only_its_own_area(client, allocated):
    codes, root = allocated
    kal = codes[0]
    data = _client(client, "lurah", "kalurahan", area_code=kal).get("/api/targets/").json()
    assert [r["area_code"] for r in data["rows"]] == [kal]


def test_unknown_target_is_404_a_bad_level_400_and_anonymous_is_refused(client, allocated):
    _codes, root = allocated
    assert client.get("/api/targets/").status_code in (401, 403)
    c = _client(client, "ana", "analis")
    assert c.get("/api/targets/?target=99999").status_code == 404
    assert c.get("/api/targets/?level=provinsi").status_code == 400
    assert c.get("/api/targets/?target=abc").status_code == 400
    assert c.get(f"/api/targets/?target={root.id}").status_code == 200
