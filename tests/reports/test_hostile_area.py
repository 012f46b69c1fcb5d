"""Found by tests/test_hostile_input.py: the report download's ?area= went into the database
(a NUL: DataError on PostgreSQL) and into the file name of Content-Disposition (CR/LF). Anything
that is not an area code's characters is 404."""
import pytest

from tests.web.factories import KAP_A, run_make, users_make

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db


@pytest.fixture
def analis_client(db, client):
    run_make()
    client.force_login(users_make()["analis"])
    return client


@pytest.mark.parametrize("area", ["a%00b", "34.02%0D%0AX-Sisip:%201", "%22%3E%3Cscript%3E", "x" * 41])
def test_a_value_that_is_no_area_code_is_not_found(analis_client, area):
    assert analis_client.get(f"/laporan/cakupan.xlsx?area={area}").status_code in (400, 404)  # NUL: the middleware's 400


def test_an_area_code_still_makes_its_report(analis_client):
    r = analis_client.get(f"/laporan/cakupan.xlsx?area={KAP_A}")
    assert r.status_code == 200 and f"cakupan-{KAP_A}-" in r["Content-Disposition"]
