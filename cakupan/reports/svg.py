"""Inline SVG for the printed monthly report: the coverage trend with the target path, and a
choropleth of coverage by area drawn from the shipped boundaries (cakupan.wilayah.geo). Plain SVG
text (no JavaScript, no CDN, no web font), so WeasyPrint draws it as it is; names are escaped."""
from __future__ import annotations

import calendar
import math
from datetime import date
from xml.sax.saxutils import escape

from cakupan.core.formatting import bulan, persen
from cakupan.wilayah import geo

W, H, L, R, T, B = 640, 220, 48, 16, 12, 30
BINS = (10.0, 20.0, 30.0, 40.0)
COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#d9d9d9"
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _text(x: float, y: float, s: str, size: int = 9, anchor: str = "start", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT} {extra}>'
            f"{escape(s)}</text>")


def _month_ticks(first: date, last: date, most: int = 7) -> list[date]:
    """Month ends from `first` to `last` (clipped to them), every k-th so at most `most`, ending on the last."""
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        end = date(y, m, calendar.monthrange(y, m)[1])
        months.append(min(max(end, first), last))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    step = max(1, -(-len(months) // most))
    return months[::-1][::step][::-1]


def trend_svg(points: list[tuple[date, float]], target: list[tuple[date, float]] | None = None) -> str:
    """Coverage % by month as a line (a dot per month), the target path dashed; '' without points."""
    if not points:
        return ""
    target = target or []
    dates = sorted({d for d, _ in points} | {d for d, _ in target})
    top = max(10.0, math.ceil(max(v for _, v in points + target) / 10) * 10)
    d0, span = dates[0].toordinal(), max(dates[-1].toordinal() - dates[0].toordinal(), 1)
    iw, ih = W - L - R, H - T - B

    def xy(d: date, v: float) -> tuple[float, float]:
        x = L + (iw * (d.toordinal() - d0) / span if len(dates) > 1 else iw / 2)
        return x, T + ih * (1 - v / top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img">']
    step = 10 if top <= 50 else 20
    for v in range(0, int(top) + 1, step):
        y = xy(dates[0], v)[1]
        out.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd" stroke-width="0.6"/>')
        out.append(_text(L - 4, y + 3, persen(v, 0, lang="id"), 8, "end"))
    for d in _month_ticks(dates[0], dates[-1]):
        x = xy(d, 0)[0]
        anchor = "end" if x > W - R - 20 else "start" if x < L + 20 else "middle"
        out.append(_text(x, H - 10, bulan(d, lang="id"), 8, anchor))
    if target:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(d, v) for d, v in target))
        out.append(f'<polyline points="{pts}" fill="none" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="5 4"/>')
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(d, v) for d, v in points))
    out.append(f'<polyline points="{pts}" fill="none" stroke="#1f5f99" stroke-width="2"/>')
    for d, v in points:
        x, y = xy(d, v)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1f5f99"/>')
    x, y = xy(*points[-1])
    out.append(_text(x - 4, y - 6, persen(points[-1][1], 1, lang="id"), 9, "end", 'font-weight="bold"'))
    out.append("</svg>")
    return "".join(out)


def colour(pct: float | None) -> str:
    if pct is None:
        return NO_DATA
    return next((COLOURS[i] for i, edge in enumerate(BINS) if pct < edge), COLOURS[-1])


def _rings(geometry: dict):
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        yield from poly


def map_svg(*, level: str, pct: dict[str, float], within: str | None = None, labels: bool = True,
            names: dict[str, str] | None = None) -> str:
    """A choropleth of `level` (kapanewon or kalurahan) areas under `within` (else the kabupaten of
    the codes in `pct`), coloured by `pct` (code -> coverage %); a tile map (one square per area,
    in code order) when none or most of those areas have a boundary; '' without areas."""
    if level not in geo.KINDS:
        return ""
    regions = {within} if within else {".".join(c.split(".")[:2]) for c in pct}
    feats = [f for f in geo.boundaries(level)["features"]
             if not regions or any(f["properties"]["kode"].startswith(r + ".") for r in regions)]
    drawn = {f["properties"]["kode"] for f in feats}
    if not feats or 2 * sum(c not in drawn for c in pct) > len(pct):  # as the web map (a few: drawn)
        return tiles_svg(pct=pct, names=names or {}, labels=labels)
    lons = [p[0] for f in feats for ring in _rings(f["geometry"]) for p in ring]
    lats = [p[1] for f in feats for ring in _rings(f["geometry"]) for p in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (W - 20) / max((max(lons) - min(lons)) * k, 1e-9)
    height = (max(lats) - min(lats)) * scale + 20

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return 10 + (lon - min(lons)) * k * scale, 10 + (max(lats) - lat) * scale

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height + 28:.0f}" width="100%" role="img">']
    names = []
    for f in feats:
        code = f["properties"]["kode"]
        d = "".join("M" + "L".join("{:.1f},{:.1f}".format(*xy(p[0], p[1])) for p in ring) + "Z"
                    for ring in _rings(f["geometry"]))
        out.append(f'<path d="{d}" fill="{colour(pct.get(code))}" stroke="#fff" stroke-width="0.8"/>')
        names.append((xy(f["properties"]["centroid_lng"], f["properties"]["centroid_lat"]), f["properties"]["nama"], code))
    if labels:
        halo = 'fill="#fff" stroke="#fff" stroke-width="2.5"'  # drawn under the text (no paint-order in print)
        for (x, y), name, code in names:
            lines = [(name, 8, y)] + ([(persen(pct[code], 1, lang="id"), 7, y + 9)] if code in pct else [])
            out += [_text(x, ty, s, size, "middle", halo) for s, size, ty in lines]
            out += [_text(x, ty, s, size, "middle", 'fill="#1b1b1b"') for s, size, ty in lines]
    edges = (0.0, *BINS)
    for i, fill in enumerate(COLOURS):
        x = 10 + i * 110
        label = f"≥ {persen(edges[i], 0, lang='id')}" if i == len(BINS) else \
            f"{persen(edges[i], 0, lang='id')}–{persen(BINS[i], 0, lang='id')}"
        out.append(f'<rect x="{x}" y="{height + 8:.1f}" width="14" height="10" fill="{fill}" stroke="#999" stroke-width="0.5"/>')
        out.append(_text(x + 18, height + 17, label, 8))
    out.append("</svg>")
    return "".join(out)


def tiles_svg(*, pct: dict[str, float], names: dict[str, str], labels: bool = True) -> str:
    """One square per area in code order, coloured by coverage, with the legend; '' without areas."""
    codes = sorted(pct)
    if not codes:
        return ""
    cols = max(1, math.ceil(math.sqrt(len(codes) * 1.6)))
    cell = (W - 20) / cols
    rows = math.ceil(len(codes) / cols)
    height = rows * cell + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height + 40:.0f}" width="100%" role="img">']
    size = max(5, min(9, int(cell / 8)))
    for i, code in enumerate(codes):
        x, y = 10 + (i % cols) * cell, 10 + (i // cols) * cell
        out.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell - 2:.1f}" height="{cell - 2:.1f}" '
                   f'fill="{colour(pct.get(code))}" stroke="#fff" stroke-width="0.8"/>')
        if labels and cols <= 10:
            out.append(_text(x + cell / 2, y + cell / 2, names.get(code, code)[:18], size, "middle", 'fill="#1b1b1b"'))
            out.append(_text(x + cell / 2, y + cell / 2 + size + 2, persen(pct[code], 1, lang="id"), size, "middle",
                             'fill="#1b1b1b"'))
    edges = (0.0, *BINS)
    for i, fill in enumerate(COLOURS):
        x = 10 + i * 110
        label = f"≥ {persen(edges[i], 0, lang='id')}" if i == len(BINS) else \
            f"{persen(edges[i], 0, lang='id')}–{persen(BINS[i], 0, lang='id')}"
        out.append(f'<rect x="{x}" y="{height + 8:.1f}" width="14" height="10" fill="{fill}" stroke="#999" stroke-width="0.5"/>')
        out.append(_text(x + 18, height + 17, label, 8))
    out.append(_text(10, height + 34, "Peta petak: batas wilayah belum dimuat (cakupan boundaries load); "
                                      "satu petak per wilayah, urut kode.", 8))
    out.append("</svg>")
    return "".join(out)
