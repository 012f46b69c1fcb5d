"""The forecast chart as inline SVG coordinates (no JavaScript library, nothing from a CDN):
history of active members, the target's expected path, the forecast and its band."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cakupan.core.formatting import angka, bulan

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 240, 64, 16, 12, 32


@dataclass(frozen=True)
class ForecastChart:
    width: int
    height: int
    history: str  # polyline points
    forecast: str
    band: str  # polygon points
    path: str  # target path polyline ('' without a target)
    target: tuple | None  # (x, y, label) of the target point
    y_ticks: list  # (y, label); coordinates are strings so templates do not localise them
    x_ticks: list
    plot_left: str = str(PAD_L)
    label_x: str = str(PAD_L - 4)


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    mag = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def forecast_chart(fc, path: list[tuple[date, int]] | None = None) -> ForecastChart:
    """fc: cakupan.targets.forecasting.AreaForecast; path: [(date, expected)] of the target."""
    path = path or []
    hist = list(fc.history)
    future = list(zip(fc.months, fc.point, fc.low, fc.high))
    dates = [d for d, _ in hist] + list(fc.months) + [d for d, _ in path]
    values = [v for _, v in hist] + list(fc.low) + list(fc.high) + [v for _, v in path]
    lo, hi = min(values), max(values)
    step = _nice_step(hi - lo)
    bottom, top = (lo // step) * step, (hi // step + 1) * step
    d0, d1 = min(dates).toordinal(), max(dates).toordinal()
    iw, ih = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def xy(d: date, v: float) -> tuple[float, float]:
        x = PAD_L + iw * (d.toordinal() - d0) / max(d1 - d0, 1)
        return round(x, 1), round(PAD_T + ih * (1 - (v - bottom) / (top - bottom)), 1)

    def line(points) -> str:
        return " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in points))

    start = hist[-1] if hist else None
    fc_line = line(([start] if start else []) + [(d, p) for d, p, _, _ in future])
    upper = ([start] if start else []) + [(d, h) for d, _, _, h in future]
    lower = [(d, lo_) for d, _, lo_, _ in reversed(future)] + ([start] if start else [])
    target = None
    if fc.target_count is not None and fc.due is not None:
        target = (*(f"{v}" for v in xy(fc.due, fc.target_count)), angka(fc.target_count))
    n_ticks = int(round((top - bottom) / step))
    y_ticks = [(f"{xy(min(dates), bottom + i * step)[1]}", angka(bottom + i * step)) for i in range(n_ticks + 1)]
    months = sorted({d for d in dates if d.day >= 28})
    every = max(1, len(months) // 6)
    x_ticks = [(f"{xy(d, bottom)[0]}", bulan(d)) for d in months[::every]]
    return ForecastChart(W, H, line(hist), fc_line, line(upper + lower), line(path), target, y_ticks, x_ticks)
