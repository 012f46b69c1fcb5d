"""padukuhan_ensure_many."""

import pytest

from cakupan.wilayah import padukuhan_code
from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_reference_if_empty, padukuhan_ensure_many

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bantul():
    area_load_reference_if_empty()


def test_creates_each_padukuhan_once_with_the_contract_code():
    rows = [
        ("34.02.01.2001", "Krajan"),
        ("34.02.01.2001", " KRAJAN "),
        ("34.02.01.2001", "Krajan"),
        ("34.02.01.2001", "Ngentak  Lor"),
        ("34.02.01.2002", "Krajan"),
        ("34.02.01.2001", ""),
        ("34.02.01.2001", None),
        ("", "Tanpa Kalurahan"),
        ("34.02.99.2001", "Kalurahan Tak Dikenal"),
    ]
    assert padukuhan_ensure_many(rows=rows) == 3
    codes = set(Area.objects.filter(kind="padukuhan").values_list("code", flat=True))
    assert codes == {"34.02.01.2001.krajan", "34.02.01.2001.ngentak-lor", "34.02.01.2002.krajan"}
    krajan = Area.objects.get(code=padukuhan_code("34.02.01.2001", "krajan"))
    assert (krajan.name, krajan.parent_id, krajan.name_key) == ("Krajan", "34.02.01.2001", "krajan")
    assert Area.objects.get(code="34.02.01.2001.ngentak-lor").name == "Ngentak Lor"
    assert padukuhan_ensure_many(rows=rows) == 0


def test_many_rows_in_bulk(django_assert_max_num_queries):
    kalurahan = list(Area.objects.filter(kind="kalurahan").values_list("code", flat=True))
    rows = ((kal, f"Dusun {i}") for kal in kalurahan for i in range(15))
    with django_assert_max_num_queries(25):  # bulk: not one query per row
        assert padukuhan_ensure_many(rows=rows) == 75 * 15


def test_a_name_too_long_for_a_code_is_skipped():
    assert (
        padukuhan_ensure_many(rows=[("34.02.01.2001", "x" * 200), ("34.02.01.2001", "Krajan")]) == 1
    )
