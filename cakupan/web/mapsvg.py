"""Choropleth maps as inline SVG, drawn on the server from the shipped GeoJSON (no tile server,
nothing from the internet). Projection: equirectangular with cos(latitude) scaling, which is
accurate enough for a kabupaten-sized area."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

WIDTH = 640
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
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # projected minx, miny, maxx, maxy


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
        parts, xs, ys = [], [], []
        for ring in _rings(f["geometry"]):
            pts = [project(lon, lat) for lon, lat, *_ in ring]
            xs += [x for x, _ in pts]
            ys += [y for _, y in pts]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        cx, cy = project(props["centroid_lng"], props["centroid_lat"])
        out.append(
            Shape(code=props["kode"], name=props["nama"], parent=props.get("kapanewon_kode", ""),
                  d="".join(parts), cx=f"{cx:.1f}", cy=f"{cy:.1f}", bbox=(min(xs), min(ys), max(xs), max(ys)))
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


def view_box(selected) -> str:
    """'x y w h' around the given shapes, with a 3 % margin (zooms a drill-down map)."""
    minx = min(s.bbox[0] for s in selected)
    miny = min(s.bbox[1] for s in selected)
    maxx = max(s.bbox[2] for s in selected)
    maxy = max(s.bbox[3] for s in selected)
    pad = 0.03 * max(maxx - minx, maxy - miny)
    return f"{minx - pad:.1f} {miny - pad:.1f} {maxx - minx + 2 * pad:.1f} {maxy - miny + 2 * pad:.1f}"


def choropleth(*, level: str, figures: dict, visible, within: str | None = None) -> dict:
    """Everything a template needs to draw one map: regions (shape, figures row, fill, link),
    the viewBox (zoomed to `within` when given), legend and outlines of the kapanewon."""
    all_shapes, height = shapes(level)
    chosen = [s for s in all_shapes if not within or s.code.startswith(within + ".")] or list(all_shapes)
    box = view_box(chosen) if within else f"0 0 {WIDTH} {height}"
    _, _, w, h = (float(v) for v in box.split())
    unit = max(w, h) / WIDTH if within else 1.0  # labels keep their size on screen when zoomed
    return {
        "level": level,
        "view_box": box,
        "font": f"{(12 if within else 10) * unit:.2f}",
        "legend": legend(),
        "no_data": NO_DATA,
        "labels": level == "kapanewon" or bool(within),
        "outlines": shapes("kapanewon")[0] if level == "kalurahan" and not within else (),
        "regions": [
            {
                "shape": s,
                "row": figures.get(s.code),
                "fill": colour(figures[s.code].pct if s.code in figures else None),
                "link": visible(s.code) and s.code in figures,
            }
            for s in chosen
        ],
    }
