"""/operasi/batas/: an admin uploads a region's GeoJSON; unmatched features are listed by number
and nothing is stored, or the matched ones with 'partial'; other roles get 403 (issue 18, part 7)."""
from __future__ import annotations

import io
import json

import pytest

from cakupan.core.reference import NATIONAL_WILAYAH
from cakupan.wilayah import geo

SQUARE = {"type": "Polygon", "coordinates": [[[110.6, -7.7], [110.65, -7.7], [110.65, -7.75], [110.6, -7.75], [110.6, -7.7]]]}


def _geojson(*codes) -> io.BytesIO:
    f = io.BytesIO(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode": c}, "geometry": SQUARE} for c in codes]}).encode())
    f.name = "klaten.geojson"
    return f


@pytest.fixture
def admin_client(db, client, cakupan_home):
    from cakupan.accounts.services import user_create
    from cakupan.wilayah.services import area_load_csv, area_load_reference_if_empty

    area_load_reference_if_empty()
    area_load_csv(path=NATIONAL_WILAYAH, region="33.10")
    client.force_login(user_create(username="adm", role="admin", password="rahasia-123456"))
    return client


@pytest.mark.django_db
def test_unmatched_codes_are_listed_and_nothing_is_stored(admin_client):
    r = admin_client.post("/operasi/batas/", {"file": _geojson("33.10.01", "33.10.77", "3310012001")})
    page = r.content.decode()
    assert r.status_code == 400 and 'data-status="refused"' in page
    assert "<td class=\"num\">2</td><td>33.10.77</td>" in page and "boundary.unknown" in page
    assert "33.10.01" not in geo.boundary_codes("kapanewon")


@pytest.mark.django_db
def test_partial_stores_the_matched_and_the_status_shows_them(admin_client):
    r = admin_client.post("/operasi/batas/", {"file": _geojson("33.10.01", "33.10.77"), "partial": "on"})
    page = r.content.decode()
    assert r.status_code == 200 and 'data-status="partial"' in page
    assert "33.10.01" in geo.boundary_codes("kapanewon")
    assert 'data-code="33.10"' in page and "1 / 26" in page


@pytest.mark.django_db
def test_a_file_that_is_not_geojson_is_one_error_next_to_the_field(admin_client):
    f = io.BytesIO(b"NIK;NAMA\n1;2\n")
    f.name = "penduduk.csv"
    r = admin_client.post("/operasi/batas/", {"file": f})
    assert r.status_code == 400 and "penduduk.csv bukan GeoJSON yang sah" in r.content.decode()


@pytest.mark.django_db
def test_only_admins(client, cakupan_home):
    from cakupan.accounts.services import user_create

    client.force_login(user_create(username="op", role="operator", password="rahasia-123456"))
    assert client.get("/operasi/batas/").status_code == 403
