"""area_load_csv and area_load_reference_if_empty."""

from pathlib import Path

import pytest

from cakupan.core.reference import NATIONAL_WILAYAH
from cakupan.errors import UserError
from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_csv, area_load_reference_if_empty

FIX = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db


def test_reference_loads_bantul_with_its_parents_once(django_assert_num_queries):
    assert area_load_reference_if_empty() == 1 + 1 + 17 + 75
    assert Area.objects.get(code="34").kind == "provinsi"
    bantul = Area.objects.get(code="34.02")
    assert (bantul.kind, bantul.name, bantul.parent_id, bantul.name_key) == (
        "kabupaten",
        "Kabupaten Bantul",
        "34",
        "bantul",
    )
    srandakan = Area.objects.get(code="34.02.01")
    assert (srandakan.kind, srandakan.parent_id) == ("kapanewon", "34.02")
    assert srandakan.centroid_lat == pytest.approx(
        -7.961094
    ) and srandakan.area_km2 == pytest.approx(18.509)
    assert Area.objects.filter(kind="kalurahan", parent__parent_id="34.02").count() == 75
    with django_assert_num_queries(1):
        assert area_load_reference_if_empty() == 0


def test_regional_file_with_parents_from_the_national_list():
    assert area_load_csv(path=FIX / "gunungkidul_part.csv") == 6  # + 34 and 34.03
    assert Area.objects.get(code="34.03").name == "Kabupaten Gunungkidul"
    duk = Area.objects.get(code="34.03.01.2002.gadungsari")
    assert (duk.kind, duk.parent_id) == ("padukuhan", "34.03.01.2002")
    assert Area.objects.get(code="34.03.01").area_km2 == pytest.approx(75.5)


def test_reloading_is_idempotent_and_replace_updates_names():
    area_load_csv(path=FIX / "gunungkidul_part.csv")
    assert area_load_csv(path=FIX / "gunungkidul_part.csv") == 0
    Area.objects.filter(code="34.03.01").update(name="Salah", name_key="salah")
    assert area_load_csv(path=FIX / "gunungkidul_part.csv", replace=True) == 4
    assert Area.objects.get(code="34.03.01").name_key == "wonosari"
    assert Area.objects.count() == 6


def test_national_shape_with_region_filter():
    assert area_load_csv(path=FIX / "national_small.csv", region="34.71") == 1 + 1 + 1 + 2
    assert set(Area.objects.values_list("kind", flat=True)) == {
        "provinsi",
        "kabupaten",
        "kapanewon",
        "kalurahan",
    }
    assert not Area.objects.filter(code__startswith="35").exists()
    assert Area.objects.get(code="34.71.01.1001").parent_id == "34.71.01"


def test_any_region_from_the_shipped_national_list():
    n = area_load_csv(path=NATIONAL_WILAYAH, region="34.02")
    assert n == 2 + 17 + 75
    assert Area.objects.filter(kind="kalurahan").count() == 75


@pytest.mark.parametrize(
    "name, code",
    [
        ("bad_kind.csv", "wilayah.row_invalid"),
        ("bad_parent.csv", "wilayah.parent_mismatch"),
        ("unknown_parent.csv", "wilayah.parent_unknown"),
        ("no_kind.csv", "wilayah.columns"),
        ("nope.csv", "wilayah.file_missing"),
        ("duplicate.csv", "wilayah.duplicate"),
        ("latin1.csv", "wilayah.encoding"),
    ],
)
def test_bad_files_load_nothing(name, code):
    with pytest.raises(UserError) as err:
        area_load_csv(path=FIX / name)
    assert err.value.code == code
    assert Area.objects.count() == 0


def test_region_not_in_file():
    with pytest.raises(UserError) as err:
        area_load_csv(path=FIX / "national_small.csv", region="36.01")
    assert err.value.code == "wilayah.region_empty"
