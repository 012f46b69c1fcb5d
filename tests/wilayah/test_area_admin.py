"""Area admin: names can be corrected, the lookup key follows, codes stay fixed."""

import pytest
from django.contrib.auth import get_user_model

from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_reference_if_empty

pytestmark = pytest.mark.django_db


def test_rename_keeps_name_key_in_step(client):
    area_load_reference_if_empty()
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(user)
    listing = client.get("/admin/wilayah/area/?kind__exact=kapanewon")
    assert listing.status_code == 200 and b"Srandakan" in listing.content
    url = "/admin/wilayah/area/34.02.01.2001/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": "Kalurahan Poncosari Baru",
        "kind": "kalurahan",
        "parent": "34.02.01",
        "code": "99.99",
        "centroid_lat": "",
        "centroid_lng": "",
        "area_km2": "",
    }
    assert client.post(url, data).status_code == 302
    area = Area.objects.get(code="34.02.01.2001")
    assert (area.name, area.name_key) == ("Kalurahan Poncosari Baru", "poncosari baru")
    assert not Area.objects.filter(code="99.99").exists()
