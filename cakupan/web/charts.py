"""Small server-side SVG charts (no JavaScript library, nothing from a CDN). Coordinates are
handed to templates as strings: Django would localise floats (263,5) and break the SVG."""
from __future__ import annotations

from dataclasses import dataclass

from cakupan.core.formatting import bulan, persen, tanggal

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 48, 16, 12, 32


@dataclass(frozen=True)
class Chart:
    width: str
    height: str
    line: str  # polyline points of coverage %
    target_line: str  # polyline points of the target path ('' when none)
    points: list  # (x, y, label, value text)
    y_ticks: list  # (y, label)
    x_ticks: list  # (x, label)
    left: str = "48"
    label_y: str = "210"
    as_of_x: str = ""  # the data date: the actual line ends here; only the target path goes on
    as_of_label: str = ""
    top_y: str = "12"
    bottom_y: str = "188"


def trend_chart(points: list[tuple], targets: list[tuple] | None = None, as_of=None) -> Chart | None:
    """points: [(date, pct)], targets: [(date, pct)] — coverage line and target path. With `as_of`
    (the run's data date) the coverage line never goes past it (later points are dropped) and a
    marker shows where the data ends; the target path may continue, drawn dashed as a path."""
    if as_of is not None:
        points = [(d, v) for d, v in points if d <= as_of]
    if not points:
        return None
    targets = targets or []
    dates = sorted({d for d, _ in points} | {d for d, _ in targets})
    values = [v for _, v in points] + [v for _, v in targets]
    top = max(10.0, (int(max(values) / 10) + 1) * 10)
    d0, d1 = dates[0].toordinal(), dates[-1].toordinal()
    span = max(d1 - d0, 1)
    iw, ih = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def xy(d, v):
        x = PAD_L + (iw * (d.toordinal() - d0) / span if d1 != d0 else iw / 2)
        return f"{x:.1f}", f"{PAD_T + ih * (1 - v / top):.1f}"

    line = " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in points))
    tline = " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in targets))
    marks = [(*xy(d, v), bulan(d), persen(v)) for d, v in points]
    y_ticks = [(f"{PAD_T + ih * (1 - t / top):.1f}", persen(t, 0)) for t in range(0, int(top) + 1, int(top) // 5 or 1)]
    months = sorted({(d.year, d.month): d for d in dates}.values())
    step = max(1, -(-len(months) // 6))
    x_ticks = [(xy(d, 0)[0], bulan(d)) for d in months[::step]]
    marker = xy(as_of, 0)[0] if as_of is not None and dates[0] <= as_of <= dates[-1] else ""
    return Chart(str(W), str(H), line, tline, marks, y_ticks, x_ticks, str(PAD_L), str(H - 10),
                 as_of_x=marker, as_of_label=tanggal(as_of) if marker else "",
                 top_y=str(PAD_T), bottom_y=str(H - PAD_B))
