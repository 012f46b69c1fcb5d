"""/api/coverage/?by=kecamatan (and desa, kelurahan, dusun): the national terms mean the stored
levels, as in `cakupan coverage --by kecamatan` (issue 18, part 7)."""
import pytest

pytestmark = pytest.mark.django_db


def test_national_terms_group_like_the_stored_levels(client_for, published):
    c = client_for("analis")
    for word, level in (("kecamatan", "kapanewon"), ("desa", "kalurahan"), ("kelurahan", "kalurahan"),
                        ("dusun", "padukuhan")):
        got, want = c.get(f"/api/coverage/?by={word}").json(), c.get(f"/api/coverage/?by={level}").json()
        assert got["by"] == level and got["rows"] == want["rows"], word
    assert c.get("/api/coverage/?by=provinsi").status_code == 400
