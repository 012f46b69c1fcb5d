"""Choropleth maps as inline SVG, drawn on the server from the shipped GeoJSON (no tile server,
nothing from the internet). Projection: equirectangular with cos(latitude) scaling, which is
accurate enough for a kabupaten-sized area."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

WIDTH = 640
WIDTH_TEXT = str(WIDTH)
# Sequential blues, light to dark (ColorBrewer Blues); labels carry a white halo for contrast.
BINS = (10.0, 20.0, 30.0, 40.0)
COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    parent: str
    d: str  # SVG path data
    cx: str  # strings: templates would localise floats (12,5) and break the SVG
    cy: str


@lru_cache(maxsize=4)
def _features(level: str) -> tuple[dict, ...]:
    """Boundaries through the wilayah app's door (cakupan.wilayah.geo: the shipped GeoJSON)."""
    from cakupan.wilayah import geo

    return tuple(geo.boundaries(level)["features"])


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for poly in geometry["coordinates"]:
            yield from poly


@lru_cache(maxsize=2)
def _bounds() -> tuple[float, float, float, float]:
    xs, ys = [], []
    for f in _features("kalurahan") + _features("kapanewon"):
        for ring in _rings(f["geometry"]):
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
    return min(xs), min(ys), max(xs), max(ys)


def _projector():
    minx, miny, maxx, maxy = _bounds()
    k = math.cos(math.radians((miny + maxy) / 2))
    scale = WIDTH / ((maxx - minx) * k)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - minx) * k * scale, (maxy - lat) * scale

    height = (maxy - miny) * scale
    return project, height


@lru_cache(maxsize=4)
def shapes(level: str) -> tuple[tuple[Shape, ...], str]:
    """Projected shapes of one level ('kapanewon' or 'kalurahan') and the drawing height."""
    project, height = _projector()
    out = []
    for f in _features(level):
        props = f["properties"]
        parts = []
        for ring in _rings(f["geometry"]):
            pts = [project(lon, lat) for lon, lat, *_ in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        cx, cy = project(props["centroid_lng"], props["centroid_lat"])
        out.append(
            Shape(code=props["kode"], name=props["nama"], parent=props.get("kapanewon_kode", ""),
                  d="".join(parts), cx=f"{cx:.1f}", cy=f"{cy:.1f}")
        )
    return tuple(out), f"{height:.1f}"


def colour(pct: float | None) -> str:
    if pct is None:
        return NO_DATA
    for i, edge in enumerate(BINS):
        if pct < edge:
            return COLOURS[i]
    return COLOURS[-1]


def legend() -> list[tuple[str, float | None, float | None]]:
    """(colour, from, to) for the legend; the last bin has no upper bound."""
    edges = (0.0,) + BINS
    return [(COLOURS[i], edges[i], BINS[i] if i < len(BINS) else None) for i in range(len(COLOURS))]
