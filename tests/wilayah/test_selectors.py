"""area_get, area_find, area_children, area_path."""

import pytest

from cakupan.wilayah.selectors import area_children, area_find, area_get, area_path
from cakupan.wilayah.services import area_load_reference_if_empty, padukuhan_ensure_many

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bantul():
    area_load_reference_if_empty()
    padukuhan_ensure_many(rows=[("34.02.01.2001", "Krajan"), ("34.02.08.2003", "Krajan")])


def test_get():
    assert area_get("34.02.01").name == "Srandakan"
    assert area_get(" 34.02.01 ").code == "34.02.01"
    assert area_get("34.02.99") is None


@pytest.mark.parametrize(
    "name", ["Poncosari", "kalurahan  PONCOSARI", "Kal. Poncosari", "Desa Poncosari"]
)
def test_find_by_name_variants(name):
    assert [a.code for a in area_find(name)] == ["34.02.01.2001"]


def test_find_with_kind_and_within():
    assert [a.code for a in area_find("Bantul")] == ["34.02", "34.02.08", "34.02.08.2003"]
    assert [a.code for a in area_find("Kec. Bantul", kind="kapanewon")] == ["34.02.08"]
    assert [a.code for a in area_find("Dusun Krajan")] == [
        "34.02.01.2001.krajan",
        "34.02.08.2003.krajan",
    ]
    assert [a.code for a in area_find("krajan", within="34.02.08")] == ["34.02.08.2003.krajan"]
    assert area_find("Atlantis") == [] and area_find("  ") == []
    assert {a.code for a in area_find("tapan", partial=True)} == {"34.02.12", "34.02.12.2002"}


def test_children_and_path():
    kids = area_children("34.02.01")
    assert [(a.code, a.n_children) for a in kids] == [("34.02.01.2001", 1), ("34.02.01.2002", 0)]
    assert len(area_children("34.02")) == 17
    assert [a.code for a in area_path("34.02.01.2001.krajan")] == [
        "34.02",
        "34.02.01",
        "34.02.01.2001",
        "34.02.01.2001.krajan",
    ]
    assert [a.name for a in area_path("34.02.01")] == ["Kabupaten Bantul", "Srandakan"]
    assert area_path("34.02.01.2999") == []
