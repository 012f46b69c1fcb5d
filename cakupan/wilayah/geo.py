"""Boundaries for maps: GeoJSON FeatureCollections of kapanewon (kecamatan) and kalurahan (desa),
EPSG:4326 lon/lat, each feature's property ``kode`` the area code. Two sources, merged by code:

- shipped: ``cakupan/reference/bantul/*.geojson`` (sources in its SOURCES.md);
- loaded by an admin for any region (``cakupan boundaries load``, wilayah.boundaries):
  ``CAKUPAN_HOME/boundaries/<kind>.geojson``; a loaded feature replaces a shipped one.

Files are read once per process and again when a load changes them (``version()``, their mtimes).
Regions without a boundary get a tile map instead (cakupan.web.mapsvg)."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
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


def loaded_dir() -> Path | None:
    """Where an admin's boundary files live (CAKUPAN_HOME/boundaries), None without settings."""
    try:
        from django.conf import settings

        home = getattr(settings, "CAKUPAN_HOME", None)
    except Exception:  # Django not configured: only the shipped files
        home = None
    home = home or os.environ.get("CAKUPAN_HOME")
    return Path(home) / "boundaries" if home else None


def loaded_path(kind: str) -> Path | None:
    _check(kind)
    folder = loaded_dir()
    return folder / f"{kind}.geojson" if folder else None


def _stamp(kind: str) -> tuple[str, int]:
    path = loaded_path(kind)
    try:
        return str(path), path.stat().st_mtime_ns if path else 0
    except OSError:
        return str(path), 0


def version() -> tuple:
    """Changes whenever a loaded boundary file does (a cache key for drawn maps)."""
    return tuple(_stamp(k) for k in KINDS)


@lru_cache(maxsize=8)
def _merged(kind: str, stamp: tuple[str, int]) -> tuple[dict, str]:
    shipped_text = (BOUNDARY_DIR / f"{kind}.geojson").read_text(encoding="utf-8")
    shipped = json.loads(shipped_text)
    if not stamp[1]:
        return shipped, shipped_text
    loaded = json.loads(Path(stamp[0]).read_text(encoding="utf-8"))
    codes = {f["properties"]["kode"] for f in loaded["features"]}
    features = [f for f in shipped["features"] if f["properties"]["kode"] not in codes] + loaded["features"]
    out = {"type": "FeatureCollection", "name": kind, "features": features}
    return out, json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _parsed(kind: str) -> dict:
    _check(kind)
    return _merged(kind, _stamp(kind))[0]


def boundaries_text(kind: str) -> str:
    """The GeoJSON text (shipped and loaded, merged), for a view to send as is."""
    _check(kind)
    return _merged(kind, _stamp(kind))[1]


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
