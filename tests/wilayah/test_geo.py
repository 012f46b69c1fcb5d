"""Boundaries shipped for Bantul."""

import pytest

from cakupan.errors import UserError
from cakupan.wilayah import geo


def test_boundaries_have_the_codes_of_the_reference_list():
    kap = geo.boundary_codes("kapanewon")
    kal = geo.boundary_codes("kalurahan")
    assert len(kap) == 17 and len(kal) == 75
    assert all(code.startswith("34.02.") for code in kap + kal)
    assert {c.rsplit(".", 1)[0] for c in kal} == set(kap)


def test_boundaries_with_merges_values_and_filters():
    fc = geo.boundaries_with(
        "kalurahan", properties={"34.02.01.2001": {"pct": 25.5}}, within="34.02.01"
    )
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["kode"] for f in fc["features"]] == ["34.02.01.2001", "34.02.01.2002"]
    assert fc["features"][0]["properties"]["pct"] == 25.5
    assert "pct" not in fc["features"][1]["properties"]
    assert "pct" not in geo.boundaries("kalurahan")["features"][0]["properties"]  # cache untouched


def test_boundaries_copy_is_independent():
    one = geo.boundaries("kapanewon")
    one["features"].clear()
    assert len(geo.boundaries("kapanewon")["features"]) == 17
    assert geo.boundaries_text("kapanewon").startswith("{")


def test_unknown_kind():
    with pytest.raises(UserError):
        geo.boundaries("padukuhan")
