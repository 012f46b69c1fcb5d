"""Small server-side SVG charts (no JavaScript library, nothing from a CDN). Coordinates are
handed to templates as strings: Django would localise floats (263,5) and break the SVG.

The trend (coverage % by date, the target path, the forecast band) and the monthly flow bars below
it share one x axis (XAxis): the same date lands on the same x in both SVGs, and both scale with
their viewBox, so they stay aligned on a phone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cakupan.core.formatting import angka, bulan, persen, tanggal

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 68, 40, 12, 32
FLOW_H, FLOW_PAD_B = 150, 30
# x labels ("Feb 2023") are ~80 units wide at the phone's 18-unit font (cakupan.css): keep them at
# least TICK_GAP apart, and PAD_R leaves room for half a label at the right edge; PAD_L for a
# count such as −20.000 on the flow bars' axis
TICK_GAP = 92
TICK_MONTHS = (1, 2, 3, 4, 6, 12, 24, 36, 60, 120)


@dataclass(frozen=True)
class XAxis:
    """Dates to x, shared by the trend and the flow bars."""
    d0: int
    d1: int

    @classmethod
    def over(cls, dates) -> XAxis:
        ordinals = [d.toordinal() for d in dates]
        return cls(min(ordinals), max(ordinals))

    @property
    def inner(self) -> float:
        return W - PAD_L - PAD_R

    def x(self, d: date) -> float:
        if self.d1 == self.d0:
            return PAD_L + self.inner / 2
        return PAD_L + self.inner * (d.toordinal() - self.d0) / (self.d1 - self.d0)

    def month_width(self) -> float:
        return self.inner * 30.44 / max(self.d1 - self.d0, 1)

    def ticks(self, dates) -> list[tuple[str, str]]:
        """(x, month label): calendar-aligned every 1, 2, 3, 6… months, never closer than TICK_GAP;
        a month with data is labelled at its data date, any other at its last day."""
        by_month = {}
        for d in sorted(dates):
            by_month[d.year * 12 + d.month - 1] = d
        first, last = min(by_month), max(by_month)
        step = next((k for k in TICK_MONTHS if k * self.month_width() >= TICK_GAP), TICK_MONTHS[-1])
        if self.d1 == self.d0:
            step = 1
        out, last_x = [], None
        for m in range(first, last + 1):
            if m % step and len(by_month) > 1:
                continue
            d = by_month.get(m) or _month_end(m)
            x = self.x(d)
            if last_x is None or x - last_x >= TICK_GAP:
                out.append((f"{x:.1f}", bulan(d)))
                last_x = x
        return out


def _month_end(m: int) -> date:
    y, mo = divmod(m + 1, 12)
    return date.fromordinal(date(y, mo + 1, 1).toordinal() - 1)


@dataclass(frozen=True)
class FlowBar:
    """One run month: new (bottom) and re-activated stacked up, lapsed + left down."""
    month: str
    x: str
    w: str
    new_y: str
    new_h: str
    re_y: str
    re_h: str
    out_y: str
    out_h: str
    new: str  # the exact numbers, Indonesian (or English) format, for the <title>
    reactivated: str
    lapsed: str
    left: str


@dataclass(frozen=True)
class FlowChart:
    width: str
    height: str
    left: str
    right: str
    zero_y: str
    label_y: str
    bars: list  # FlowBar
    y_ticks: list  # (y, label)
    x_ticks: list  # (x, label), the trend's


@dataclass(frozen=True)
class Chart:
    width: str
    height: str
    line: str  # polyline points of coverage %
    target_line: str  # polyline points of the target path ('' when none)
    points: list  # (x, y, label, value text)
    y_ticks: list  # (y, label)
    x_ticks: list  # (x, label)
    left: str = str(PAD_L)
    label_y: str = "210"
    as_of_x: str = ""  # the data date: the actual line ends here; only the target path goes on
    as_of_label: str = ""
    top_y: str = str(PAD_T)
    bottom_y: str = str(H - PAD_B)
    right: str = str(W - PAD_R)
    band: str = ""  # polygon of the forecast's low..high, in %
    forecast_line: str = ""  # the point forecast, dashed
    forecast_end: tuple = ()  # (month label, point %, low %, high %) at the band's end
    flows: FlowChart | None = None


def trend_chart(points: list[tuple], targets: list[tuple] | None = None, as_of=None,
                forecast: list[tuple] | None = None, flows: list[dict] | None = None) -> Chart | None:
    """points: [(date, pct)], targets: [(date, pct)] — coverage line and target path. With `as_of`
    (the run's data date) the coverage line never goes past it (later points are dropped) and a
    marker shows where the data ends; the target path may continue, drawn dashed as a path.
    forecast: [(month end, point %, low %, high %)] after the last point — the band and the dashed
    point forecast start at the last actual point. flows: cakupan.coverage.selectors.flows_by_month
    rows, drawn as bars below (a first run, previous_run None, has no bars)."""
    if as_of is not None:
        points = [(d, v) for d, v in points if d <= as_of]
        flows = [f for f in flows or [] if f["as_of"] <= as_of]
    if not points:
        return None
    targets, forecast, flows = targets or [], forecast or [], flows or []
    dates = sorted({d for d, _ in points} | {d for d, _ in targets} | {f[0] for f in forecast}
                   | {f["as_of"] for f in flows})
    values = [v for _, v in points] + [v for _, v in targets] + [f[3] for f in forecast]
    top = max(10.0, (int(max(values) / 10) + 1) * 10)
    top = min(top, 100.0) if max(values) <= 100 else top
    axis = XAxis.over(dates)
    ih = H - PAD_T - PAD_B

    def xy(d, v):
        return f"{axis.x(d):.1f}", f"{PAD_T + ih * (1 - max(v, 0) / top):.1f}"

    def poly(pts) -> str:
        return " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in pts))

    start = [points[-1]] if forecast else []
    band = poly(start + [(f[0], f[3]) for f in forecast] + [(f[0], f[2]) for f in reversed(forecast)] + start)
    fc_end = (bulan(forecast[-1][0]), persen(forecast[-1][1]), persen(forecast[-1][2]), persen(forecast[-1][3])) \
        if forecast else ()
    marks = [(*xy(d, v), bulan(d), persen(v)) for d, v in points]
    y_ticks = [(f"{PAD_T + ih * (1 - t / top):.1f}", persen(t, 0)) for t in range(0, int(top) + 1, int(top) // 5 or 1)]
    x_ticks = axis.ticks(dates)
    marker = xy(as_of, 0)[0] if as_of is not None and dates[0] <= as_of <= dates[-1] else ""
    return Chart(str(W), str(H), poly(points), poly(targets), marks, y_ticks, x_ticks, label_y=str(H - 10),
                 as_of_x=marker, as_of_label=tanggal(as_of) if marker else "", band=band if forecast else "",
                 forecast_line=poly(start + [(f[0], f[1]) for f in forecast]), forecast_end=fc_end,
                 flows=flow_chart(axis, flows, x_ticks))


def _nice_ceil(v: float) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above v (at least 1)."""
    if v <= 1:
        return 1
    mag = 10 ** (len(str(int(v))) - 1)
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= v)


def flow_chart(axis: XAxis, flows: list[dict], x_ticks: list) -> FlowChart | None:
    """Bars per run month on the trend's x axis: new + re-activated up (stacked), lapsed + left down.
    None when no run has a previous run to compare with (a first run counts everyone as new)."""
    rows = [f for f in flows if f["previous_run"] is not None]
    if not rows:
        return None
    up = _nice_ceil(max(f["new"] + f["reactivated"] for f in rows))
    down = _nice_ceil(max(f["lapsed"] + f["left"] for f in rows))
    ih = FLOW_H - PAD_T - FLOW_PAD_B
    zero = PAD_T + ih * up / (up + down)
    scale = ih / (up + down)
    w = min(max(axis.month_width() * 0.6, 4.0), 28.0)
    bars = []
    for f in rows:
        h_new, h_re, h_out = f["new"] * scale, f["reactivated"] * scale, (f["lapsed"] + f["left"]) * scale
        bars.append(FlowBar(
            month=bulan(f["as_of"]), x=f"{axis.x(f['as_of']) - w / 2:.1f}", w=f"{w:.1f}",
            new_y=f"{zero - h_new:.1f}", new_h=f"{h_new:.1f}", re_y=f"{zero - h_new - h_re:.1f}", re_h=f"{h_re:.1f}",
            out_y=f"{zero:.1f}", out_h=f"{h_out:.1f}",
            new=angka(f["new"]), reactivated=angka(f["reactivated"]), lapsed=angka(f["lapsed"]), left=angka(f["left"]),
        ))
    ticks = [(PAD_T, angka(up)), (zero, "0"), (PAD_T + ih, "\u2212" + angka(down))]
    y_ticks = [(f"{y:.1f}", label) for y, label in ticks if label == "0" or abs(y - zero) >= 20]
    return FlowChart(width=str(W), height=str(FLOW_H), left=str(PAD_L), right=str(W - PAD_R), zero_y=f"{zero:.1f}",
                     label_y=str(FLOW_H - 8), bars=bars, y_ticks=y_ticks, x_ticks=x_ticks)
