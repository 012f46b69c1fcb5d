"""Found by tests/test_hostile_input.py on PostgreSQL: a NUL character in a query parameter went
to the database (DataError: text fields cannot contain NUL) and answered 500. The API answers 400
with a `detail` before any query, on every endpoint."""
import pytest

from tests.web.factories import KAL_A

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/api/coverage/total/?within=a%00b", "/api/coverage/?by=kalurahan&within=34.02%00",
    f"/api/persons/?area={KAL_A}&q=a%00b", f"/api/persons/?area={KAL_A}&padukuhan=%00",
    "/api/targets/?level=%00", "/api/runs/?x%00=1",
])
def test_a_nul_in_a_query_parameter_is_a_bad_request(client_for, published, url):
    r = client_for("analis").get(url)
    assert r.status_code == 400 and "NUL" in r.json()["detail"]


def test_the_same_parameters_without_nul_still_answer(client_for, published):
    c = client_for("analis")
    assert c.get("/api/coverage/total/?within=34.02.01").status_code == 200
    assert c.get(f"/api/persons/?area={KAL_A}&q=warga").status_code == 200


def test_anonymous_is_still_refused_before_the_parameters_are_read(client, published):
    assert client.get("/api/coverage/total/?within=a%00b").status_code in (401, 403)
