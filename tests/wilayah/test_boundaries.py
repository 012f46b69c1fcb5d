"""Boundary files an admin loads (GeoJSON): every feature matched to a loaded area or listed by its
number with the reason; nothing stored unless all match (or --partial, which keeps the rest)."""
from __future__ import annotations

import json

import pytest

from cakupan.errors import UserError
from cakupan.wilayah import geo
from cakupan.wilayah.selectors import boundary_status
from cakupan.wilayah.services import area_load_csv, area_load_reference_if_empty, boundary_load
from cakupan.core.reference import NATIONAL_WILAYAH

SQUARE = {"type": "Polygon", "coordinates": [[[110.6, -7.7], [110.65, -7.7], [110.65, -7.75], [110.6, -7.75], [110.6, -7.7]]]}


def _fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features]}


@pytest.fixture
def klaten(db, cakupan_home):
    area_load_reference_if_empty()
    area_load_csv(path=NATIONAL_WILAYAH, region="33.10")
    return cakupan_home


def _write(tmp_path, data, name="b.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_unmatched_features_are_listed_by_row_and_nothing_is_stored(klaten, tmp_path):
    path = _write(tmp_path, _fc(({"kode": "33.10.01"}, SQUARE), ({"kode": "33.10.99"}, SQUARE), ({}, SQUARE),
                                ({"kode": "3310012001"}, {"type": "Point", "coordinates": [110, -7]}),
                                ({"KDEPUM": "331001"}, SQUARE), ({"kode": "33.10"}, SQUARE)))
    report = boundary_load(path=path)
    assert report.status == "refused" and report.stored == {}
    assert [(u.row, u.code, u.reason) for u in report.unmatched] == [
        (2, "33.10.99", "boundary.unknown"), (3, "", "boundary.no_code"),
        (4, "33.10.01.2001", "boundary.geometry"), (5, "33.10.01", "boundary.duplicate"),
        (6, "33.10", "boundary.level")]
    assert not (klaten / "boundaries" / "kapanewon.geojson").exists()


@pytest.mark.django_db
def test_partial_stores_the_matched_and_keeps_the_rest(klaten, tmp_path):
    path = _write(tmp_path, _fc(({"kode": "3310012001"}, SQUARE), ({"kode": "33.10.99"}, SQUARE)))
    report = boundary_load(path=path, partial=True)
    assert report.status == "partial" and report.stored == {"kalurahan": 1}
    kept = json.loads(open(report.unmatched_path, encoding="utf-8").read())
    assert [f["properties"]["kode"] for f in kept["features"]] == ["33.10.99"]  # as written, nothing lost
    feature = next(f for f in geo.boundaries("kalurahan")["features"] if f["properties"]["kode"] == "33.10.01.2001")
    assert feature["properties"]["nama"] == "Sengon" and feature["properties"]["kapanewon_kode"] == "33.10.01"
    assert "34.02.01.2001" in geo.boundary_codes("kalurahan")  # the shipped ones stay
    assert report.missing["33.10"] and "33.10.01.2001" not in report.missing["33.10"]
    klaten_row = next(r for r in boundary_status() if r["code"] == "33.10")
    assert (klaten_row["kalurahan_with"], klaten_row["kapanewon_with"]) == (1, 0)


@pytest.mark.django_db
def test_a_later_load_replaces_the_same_code(klaten, tmp_path):
    boundary_load(path=_write(tmp_path, _fc(({"kode": "33.10.01"}, SQUARE))))
    moved = {"type": "Polygon", "coordinates": [[[c[0] + 1, c[1]] for c in SQUARE["coordinates"][0]]]}
    boundary_load(path=_write(tmp_path, _fc(({"code": "33.10.01"}, moved)), "c.geojson"))
    features = [f for f in geo.boundaries("kapanewon")["features"] if f["properties"]["kode"] == "33.10.01"]
    assert len(features) == 1 and features[0]["geometry"] == moved


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["{not json", json.dumps({"type": "Feature"}), json.dumps(_fc())])
def test_an_unusable_file_is_one_error(klaten, tmp_path, text):
    with pytest.raises(UserError) as err:
        boundary_load(path=_write(tmp_path, text))
    assert err.value.code == "wilayah.geojson_invalid"
