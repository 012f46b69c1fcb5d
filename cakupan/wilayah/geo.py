"""Boundaries for maps: GeoJSON FeatureCollections of Bantul's kapanewon and kalurahan, read once
from ``cakupan/reference/bantul/*.geojson`` (sources in its SOURCES.md; EPSG:4326 lon/lat).
Each feature's property ``kode`` is the area code. No Django needed."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from cakupan.core.reference import BANTUL_DIR
from cakupan.errors import UserError

BOUNDARY_DIR = BANTUL_DIR
KINDS = ("kapanewon", "kalurahan")


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(
            f"Batas wilayah hanya tersedia untuk {', '.join(KINDS)}, bukan '{kind}'.",
            code="wilayah.geo_kind",
        )


@cache
def boundaries_text(kind: str) -> str:
    """The GeoJSON text as shipped (for a view to send as is)."""
    _check(kind)
    return (BOUNDARY_DIR / f"{kind}.geojson").read_text(encoding="utf-8")


@cache
def _parsed(kind: str) -> dict:
    return json.loads(boundaries_text(kind))


def boundaries(kind: str) -> dict:
    """A copy of the FeatureCollection for ``kind`` (kapanewon or kalurahan)."""
    return copy.deepcopy(_parsed(kind))


def boundary_codes(kind: str) -> list[str]:
    """The area codes that have a boundary, in file order."""
    return [f["properties"]["kode"] for f in _parsed(kind)["features"]]


def boundaries_with(
    kind: str, *, properties: Mapping[str, Mapping[str, Any]], within: str | None = None
) -> dict:
    """The FeatureCollection with extra properties merged in per code, e.g. coverage for a
    choropleth: ``boundaries_with("kalurahan", properties={"34.02.01.2001": {"pct": 25.2}})``.
    ``within`` keeps only features under an area code (e.g. one kapanewon's kalurahan)."""
    out = {k: v for k, v in _parsed(kind).items() if k != "features"}
    features = []
    for feature in _parsed(kind)["features"]:
        code = feature["properties"]["kode"]
        if within and not (code == within or code.startswith(within + ".")):
            continue
        props = dict(feature["properties"])
        props.update(properties.get(code, {}))
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    out["features"] = features
    return out
