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
    sub_y: str = ""  # tiles: where the percentage goes, under the name


@lru_cache(maxsize=8)
def _features(level: str, version: tuple = ()) -> tuple[dict, ...]:
    """Boundaries through the wilayah app's door (cakupan.wilayah.geo: shipped and loaded GeoJSON);
    `version` changes when an admin loads boundaries, so a running server draws them."""
    from cakupan.wilayah import geo

    return tuple(geo.boundaries(level)["features"])


def _version() -> tuple:
    from cakupan.wilayah import geo

    return geo.version()


def _in(code: str, region: tuple[str, ...] | None) -> bool:
    return region is None or any(code == r or code.startswith(r + ".") for r in region)


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for poly in geometry["coordinates"]:
            yield from poly


def _bounds(region, version) -> tuple[float, float, float, float] | None:
    xs, ys = [], []
    for f in _features("kalurahan", version) + _features("kapanewon", version):
        if not _in(f["properties"]["kode"], region):
            continue
        for ring in _rings(f["geometry"]):
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _projector(region, version):
    minx, miny, maxx, maxy = _bounds(region, version)
    k = math.cos(math.radians((miny + maxy) / 2))
    scale = WIDTH / max((maxx - minx) * k, 1e-9)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - minx) * k * scale, (maxy - lat) * scale

    height = (maxy - miny) * scale
    return project, height


def shapes(level: str, region: tuple[str, ...] | None = None) -> tuple[tuple[Shape, ...], str]:
    """Projected shapes of one level ('kapanewon' or 'kalurahan') within `region` (kabupaten
    codes; None: every boundary known) and the drawing height; ((), '0') without boundaries."""
    return _shapes(level, region, _version())


@lru_cache(maxsize=16)
def _shapes(level: str, region, version) -> tuple[tuple[Shape, ...], str]:
    if _bounds(region, version) is None:
        return (), "0"
    project, height = _projector(region, version)
    out = []
    for f in _features(level, version):
        props = f["properties"]
        if not _in(props["kode"], region):
            continue
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


def grid_shapes(codes, names: dict[str, str]) -> tuple[tuple[Shape, ...], str]:
    """A tile map: one square per area, in code order (neighbouring codes are mostly neighbours),
    for a region without boundaries. Same shapes as a drawn map, so the page works the same."""
    codes = sorted(codes)
    if not codes:
        return (), "0"
    cols = max(1, math.ceil(math.sqrt(len(codes) * 1.6)))
    cell = WIDTH / cols
    gap = cell * 0.06
    out = []
    for i, code in enumerate(codes):
        x, y = (i % cols) * cell, (i // cols) * cell
        x0, y0, x1, y1 = x + gap, y + gap, x + cell - gap, y + cell - gap
        out.append(Shape(code=code, name=names.get(code, code), parent=code.rsplit(".", 1)[0],
                         d=f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}L{x0:.1f},{y1:.1f}Z",
                         cx=f"{x + cell / 2:.1f}", cy=f"{y + cell / 2 - 2:.1f}", bbox=(x0, y0, x1, y1),
                         sub_y=f"{y + cell / 2 + 14:.1f}"))
    rows = math.ceil(len(codes) / cols)
    return tuple(out), f"{rows * cell:.1f}"


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


def _terms(region) -> dict[str, str]:
    """The region's words for the two map levels (core.terms: kapanewon/kalurahan in DIY,
    kecamatan/desa elsewhere); the stored kinds when the region is unknown or mixed."""
    from cakupan.core.terms import kind_term

    one = region[0] if region and len({kind_term("kapanewon", r) for r in region}) == 1 else None
    return {kind: kind_term(kind, one) for kind in ("kapanewon", "kalurahan")}


def choropleth(*, level: str, figures: dict, visible, within: str | None = None) -> dict:
    """Everything a template needs to draw one map: regions (shape, figures row, fill, link),
    the viewBox (zoomed to `within` when given), legend and outlines of the kapanewon. Drawn from
    the boundaries of the figures' kabupaten (`missing`: how many areas with figures have none);
    when none or most of them have one, a tile map (`grid`) with one square per area, so the
    page shows the figures rather than nothing."""
    codes = [c for c in figures if not within or c.startswith(within + ".")]
    region = tuple(sorted({".".join(c.split(".")[:2]) for c in codes} or
                          ({".".join(within.split(".")[:2])} if within else set()))) or None
    all_shapes, height = shapes(level, region)
    chosen = [s for s in all_shapes if not within or s.code.startswith(within + ".")]
    drawn = {s.code for s in chosen}
    missing = [c for c in codes if c not in drawn]
    grid = not chosen or 2 * len(missing) > len(codes)  # a few new codes without a boundary: drawn, noted
    if grid:
        from cakupan.wilayah.selectors import area_children, area_names

        if not codes and within:  # no figures in view: the areas themselves, greyed
            codes = [a.code for a in area_children(within)]
        chosen, height = grid_shapes(codes, area_names(codes))
        chosen = list(chosen)
    if not chosen:
        return {"level": level, "terms": _terms(region), "term": _terms(region)[level], "empty": True, "grid": True, "regions": [], "legend": legend(), "no_data": NO_DATA,
                "view_box": f"0 0 {WIDTH} 1", "font": "10", "labels": False, "outlines": (), "missing": 0}
    box = view_box(chosen) if within and not grid else f"0 0 {WIDTH} {height}"
    _, _, w, h = (float(v) for v in box.split())
    unit = max(w, h) / WIDTH if within and not grid else 1.0  # labels keep their size on screen when zoomed
    cols = math.ceil(math.sqrt(len(chosen) * 1.6))
    return {
        "level": level,
        "terms": _terms(region),
        "term": _terms(region)[level],
        "grid": grid,
        "missing": len(missing),
        "view_box": box,
        "font": f"{(12 if within else 10) * unit:.2f}" if not grid else f"{min(12.0, WIDTH / cols / 7):.2f}",
        "legend": legend(),
        "no_data": NO_DATA,
        "labels": level == "kapanewon" or bool(within) or (grid and cols <= 8),
        "outlines": shapes("kapanewon", region)[0] if level == "kalurahan" and not within and not grid else (),
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
