"""Map pages for a region without boundaries: a tile map (one square per area) instead of nothing."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from cakupan.web import mapsvg


def test_grid_shapes_are_squares_in_code_order():
    shapes, height = mapsvg.grid_shapes(["33.10.02", "33.10.01", "33.10.03"], {"33.10.01": "Prambanan"})
    assert [s.code for s in shapes] == ["33.10.01", "33.10.02", "33.10.03"]
    assert shapes[0].name == "Prambanan" and shapes[1].name == "33.10.02"
    assert all(s.d.startswith("M") and s.d.endswith("Z") for s in shapes)
    assert float(height) > 0 and max(s.bbox[2] for s in shapes) <= mapsvg.WIDTH
    assert mapsvg.grid_shapes([], {}) == ((), "0")


@pytest.mark.django_db
def test_choropleth_falls_back_to_tiles_without_boundaries():
    from cakupan.core.reference import NATIONAL_WILAYAH
    from cakupan.wilayah.services import area_load_csv

    area_load_csv(path=NATIONAL_WILAYAH, region="33.10")
    figures = {"33.10.01": SimpleNamespace(pct=25.0), "33.10.02": SimpleNamespace(pct=12.0)}
    out = mapsvg.choropleth(level="kapanewon", figures=figures, visible=lambda code: True)
    assert out["grid"] and out["missing"] == 2
    assert [r["shape"].name for r in out["regions"]] == ["Prambanan", "Gantiwarno"]
    assert all(r["link"] for r in out["regions"])


def test_bantul_keeps_its_drawn_map():
    codes = [s.code for s in mapsvg.shapes("kapanewon", ("34.02",))[0]]
    figures = {c: SimpleNamespace(pct=25.0) for c in codes}
    out = mapsvg.choropleth(level="kapanewon", figures=figures, visible=lambda code: True)
    assert not out["grid"] and len(out["regions"]) == 17


def test_a_few_codes_without_a_boundary_keep_the_drawn_map():
    codes = [s.code for s in mapsvg.shapes("kapanewon", ("34.02",))[0]]
    figures = {c: SimpleNamespace(pct=25.0) for c in codes + ["34.02.99"]}
    out = mapsvg.choropleth(level="kapanewon", figures=figures, visible=lambda code: True)
    assert not out["grid"] and out["missing"] == 1 and len(out["regions"]) == 17
