"""The printed report's map for a region without boundaries: tiles, not a blank (issue 18, part 7)."""
from __future__ import annotations

from cakupan.reports.svg import map_svg


def test_a_region_without_boundaries_gets_a_tile_map(cakupan_home):
    svg = map_svg(level="kapanewon", pct={"33.10.01": 25.0, "33.10.02": 41.0}, names={"33.10.01": "Prambanan"})
    assert svg.startswith("<svg") and svg.count("<rect") == 2 + 5  # two tiles, five legend swatches
    assert "Prambanan" in svg and "Peta petak" in svg and "<path" not in svg


def test_bantul_keeps_its_boundaries_and_only_its_own(cakupan_home):
    svg = map_svg(level="kapanewon", pct={"34.02.01": 25.0})
    assert svg.count("<path") == 17 and "Peta petak" not in svg
