"""The admin: editing the occupation list makes a new version; snapshots are read-only."""

import pytest
from django.contrib.auth import get_user_model

from cakupan.registries.models import Occupation, OccupationMappingVersion
from cakupan.registries.occupations import occupation_mapping_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(user)
    occupation_mapping_ensure()
    return client


def _formset(changes):
    data = {
        "form-TOTAL_FORMS": "89",
        "form-INITIAL_FORMS": "89",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Simpan",
    }
    for i, occ in enumerate(Occupation.objects.filter(mapping__version=1).order_by("code")):
        row = {
            "in_workforce": occ.in_workforce,
            "excluded": occ.excluded,
            "exclusion_reason": occ.exclusion_reason,
            "ecosystem": occ.ecosystem,
        }
        row.update(changes.get(occ.code, {}))
        data[f"form-{i}-id"] = str(occ.pk)
        for key in ("in_workforce", "excluded"):
            if row[key]:
                data[f"form-{i}-{key}"] = "on"
        data[f"form-{i}-exclusion_reason"] = row["exclusion_reason"]
        data[f"form-{i}-ecosystem"] = row["ecosystem"]
    return data


def test_list_edit_makes_one_new_version(admin_client):
    url = "/admin/registries/occupation/"
    assert admin_client.get(url).status_code == 200
    resp = admin_client.post(url, _formset({18: {"ecosystem": "pu"}, 46: {"ecosystem": "umkm"}}))
    assert resp.status_code == 302, resp.content[:2000]
    assert OccupationMappingVersion.objects.count() == 2
    v1 = Occupation.objects.filter(mapping__version=1)
    v2 = Occupation.objects.filter(mapping__version=2)
    assert v2.count() == 89
    assert (v2.get(code=18).ecosystem, v2.get(code=46).ecosystem) == ("pu", "umkm")
    assert (v1.get(code=18).ecosystem, v1.get(code=46).ecosystem) == ("opd", "lainnya")
    # the list now shows version 2
    assert b"KARYAWAN HONORER" in admin_client.get(url).content
    assert set(
        admin_client.get(url).context["cl"].queryset.values_list("mapping__version", flat=True)
    ) == {2}


def test_invalid_edit_is_refused_with_a_message(admin_client):
    resp = admin_client.post("/admin/registries/occupation/", _formset({21: {"ecosystem": ""}}))
    assert resp.status_code == 200  # the list again, with the error
    assert "ekosistem wajib diisi" in resp.content.decode()
    assert OccupationMappingVersion.objects.count() == 1


def test_change_form_edit(admin_client):
    occ = Occupation.objects.get(mapping__version=1, code=13)
    url = f"/admin/registries/occupation/{occ.pk}/change/"
    resp = admin_client.post(
        url, {"in_workforce": "on", "exclusion_reason": "", "ecosystem": "rentan"}
    )
    assert resp.status_code == 302
    assert Occupation.objects.get(mapping__version=2, code=13).ecosystem == "rentan"
    assert Occupation.objects.get(pk=occ.pk).ecosystem == "pu"


def test_snapshots_and_versions_are_read_only(admin_client):
    assert admin_client.get("/admin/registries/snapshot/").status_code == 200
    assert admin_client.get("/admin/registries/snapshot/add/").status_code == 403
    version = OccupationMappingVersion.objects.get()
    page = admin_client.get(f"/admin/registries/occupationmappingversion/{version.pk}/change/")
    assert page.status_code == 200 and b"PETANI/PEKEBUN" in page.content
