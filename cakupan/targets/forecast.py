"""Churn-aware projection of active members, by segment. Pure NumPy, no Django (docs/targets.md).

Per segment s, from the monthly history up to the origin (the last `window` months; the window,
3, 6 or 12, is the one whose own past forecasts erred least):
    E_s = mean new enrolments per month
    h_s = lapse hazard = sum(lapsed in month t) / sum(active at the end of month t-1)
    A_s(t+1) = A_s(t) x (1 - h_s) + E_s
The area's projection is the sum over segments. The band is a two-stage bootstrap of the fitted
months: each simulated path resamples the window's months (parameter uncertainty), then draws each
future month's (enrolments, hazard) from that resample (month-to-month noise); the band is the
central `level` share of the paths, widened where the model's own past k-month errors on this series
(each fitted only on its past; relative errors / sqrt(k), central `level` share) were wider.
Needed per month: the gross new members per month that reach a
target by the due month after the expected lapses of the current stock and of the new members.
The back-test is in backtest.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEFAULT_WINDOW = 12
DEFAULT_PATHS = 2000
DEFAULT_LEVEL = 0.8
WINDOWS = (3, 6, 12)
MIN_CALIBRATION = 8  # past errors needed to choose a window or calibrate the band


@dataclass(frozen=True)
class Series:
    """One segment's monthly history: active at month end, enrolled and lapsed during the month."""

    active: np.ndarray
    enrolled: np.ndarray
    lapsed: np.ndarray

    def head(self, n: int) -> "Series":
        return Series(self.active[:n], self.enrolled[:n], self.lapsed[:n])

    def __len__(self) -> int:
        return len(self.active)


@dataclass(frozen=True)
class Rates:
    enrol: float  # mean new members per month
    hazard: float  # share of the active stock lapsing per month
    enrol_months: np.ndarray = field(repr=False)
    hazard_months: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Forecast:
    steps: int
    start: float  # active at the origin (sum of segments)
    point: np.ndarray  # (steps,) projected active at each future month end
    low: np.ndarray
    high: np.ndarray
    level: float
    by_segment: dict[str, np.ndarray]
    rates: dict[str, Rates]
    window: int = DEFAULT_WINDOW  # months the rates were fitted on
    calibrated: bool = False  # band widened by the past errors

    @property
    def enrol_per_month(self) -> float:
        return float(sum(r.enrol for r in self.rates.values()))


def series_of(active, enrolled, lapsed) -> Series:
    return Series(np.asarray(active, float), np.asarray(enrolled, float), np.asarray(lapsed, float))


def fit(series: Series, *, window: int = DEFAULT_WINDOW) -> Rates:
    """Rates from the last `window` months (each needs the previous month's active stock)."""
    n = len(series)
    if n < 2:
        raise ValueError("need at least two months of history")
    start = max(1, n - window)
    prev = series.active[start - 1 : n - 1]
    lapsed = series.lapsed[start:n]
    enrolled = series.enrolled[start:n]
    hazard_m = np.divide(lapsed, prev, out=np.zeros_like(lapsed), where=prev > 0)
    hazard = float(lapsed.sum() / prev.sum()) if prev.sum() > 0 else 0.0
    return Rates(float(enrolled.mean()), min(hazard, 1.0), enrolled, np.clip(hazard_m, 0.0, 1.0))


def project(start: float, enrol: float, hazard: float, steps: int) -> np.ndarray:
    out = np.empty(steps)
    a = float(start)
    for k in range(steps):
        a = a * (1.0 - hazard) + enrol
        out[k] = a
    return out


def _rates_at(series: Series, window: int, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """fit() at many origins at once (running sums): (enrolments, hazard) per origin index."""
    cs_e = np.r_[0.0, np.cumsum(series.enrolled)]
    cs_l = np.r_[0.0, np.cumsum(series.lapsed)]
    cs_a = np.r_[0.0, np.cumsum(series.active)]
    ends = origins + 1
    starts = np.maximum(1, ends - window)
    enrol = (cs_e[ends] - cs_e[starts]) / (ends - starts)
    lapsed = cs_l[ends] - cs_l[starts]
    prev = cs_a[ends - 1] - cs_a[starts - 1]
    hazard = np.where(prev > 0, lapsed / np.where(prev > 0, prev, 1.0), 0.0)
    return enrol, np.clip(hazard, 0.0, 1.0)


def past_errors(segments: dict[str, Series], *, window: int, max_steps: int, min_fit: int = 6) -> list[tuple[int, float]]:
    """(k, relative error actual/forecast - 1) of every k-step point forecast (k <= max_steps)
    that could be scored inside these series, each fitted on the months up to its origin only."""
    n = min(len(s) for s in segments.values())
    origins = np.arange(min_fit - 1, n - 1)
    if len(origins) == 0:
        return []
    ks = np.arange(1, max_steps + 1, dtype=float)[None, :]
    pred = np.zeros((len(origins), max_steps))
    for ser in segments.values():
        enrol, hazard = _rates_at(ser, window, origins)
        h = hazard[:, None]
        decay = (1.0 - h) ** ks  # closed form of project(): A0 (1-h)^k + E (1 - (1-h)^k) / h
        growth = np.where(h > 0, (1.0 - decay) / np.where(h > 0, h, 1.0), ks)
        pred += ser.active[origins][:, None] * decay + enrol[:, None] * growth
    actual = np.sum([s.active[:n] for s in segments.values()], axis=0)
    out = []
    for i, origin in enumerate(origins):
        for k in range(1, min(max_steps, n - 1 - origin) + 1):
            if pred[i, k - 1] > 0:
                out.append((k, float(actual[origin + k] / pred[i, k - 1] - 1.0)))
    return out


def choose_window(segments: dict[str, Series], *, horizon: int = 3) -> int:
    """The window (3, 6 or 12 months) whose past forecasts up to `horizon` months ahead erred
    least (mean absolute relative error); 12 when there is too little history to compare."""
    scores = {}
    for w in WINDOWS:
        errs = past_errors(segments, window=w, max_steps=horizon)
        if len(errs) >= MIN_CALIBRATION:
            scores[w] = float(np.mean([abs(e) for _, e in errs]))
    return min(scores, key=lambda w: (scores[w], -w)) if scores else DEFAULT_WINDOW


def fit_all(segments: dict[str, Series], *, window: int | None = None) -> tuple[int, dict[str, Rates]]:
    window = window or choose_window(segments)
    return window, {s: fit(ser, window=window) for s, ser in segments.items()}


def point_forecast(
    segments: dict[str, Series], steps: int, *, window: int | None = None
) -> tuple[int, dict[str, Rates], dict[str, np.ndarray]]:
    """(window, rates, projection per segment) of the point forecast `steps` months past the
    origin: the one forecast() draws and the one a target's status is judged on."""
    window, rates = fit_all(segments, window=window)
    by_segment = {s: project(ser.active[-1], rates[s].enrol, rates[s].hazard, steps) for s, ser in segments.items()}
    return window, rates, by_segment


def forecast(
    segments: dict[str, Series],
    steps: int,
    *,
    window: int | None = None,
    n_paths: int = DEFAULT_PATHS,
    level: float = DEFAULT_LEVEL,
    seed: int = 0,
) -> Forecast:
    """Project every segment `steps` months past the last month of its series (the origin).
    window None: chosen from the series' own past (choose_window)."""
    if steps < 1:
        raise ValueError("steps must be >= 1")
    window, rates, by_segment = point_forecast(segments, steps, window=window)
    point = np.sum(list(by_segment.values()), axis=0)
    rng = np.random.default_rng(seed)
    w = min(len(r.enrol_months) for r in rates.values())
    resample = rng.integers(0, w, size=(n_paths, w))  # stage 1: which months form this path's window
    draws = np.take_along_axis(resample, rng.integers(0, w, size=(n_paths, steps)), axis=1)  # stage 2
    total = np.zeros((n_paths, steps))
    for s, ser in segments.items():
        e_m, h_m = rates[s].enrol_months[-w:], rates[s].hazard_months[-w:]
        a = np.full(n_paths, float(ser.active[-1]))
        for k in range(steps):
            j = draws[:, k]
            a = a * (1.0 - h_m[j]) + e_m[j]
            total[:, k] += a
    q = (1.0 - level) / 2.0
    low, high = np.quantile(total, [q, 1.0 - q], axis=0)
    low, high = np.minimum(low, point), np.maximum(high, point)
    errs = past_errors(segments, window=window, max_steps=steps)
    calibrated = len(errs) >= MIN_CALIBRATION
    if calibrated:  # widen to the errors this model made on this series' past (scaled by sqrt(k))
        z = np.array([e / np.sqrt(k) for k, e in errs])
        z_lo, z_hi = np.quantile(z, [q, 1.0 - q])
        grow = np.sqrt(np.arange(1, steps + 1))
        low = np.minimum(low, point * (1.0 + min(z_lo, 0.0) * grow))
        high = np.maximum(high, point * (1.0 + max(z_hi, 0.0) * grow))
    start = float(sum(ser.active[-1] for ser in segments.values()))
    return Forecast(steps, start, point, low, high, level, by_segment, rates, window, calibrated)


def _growth(hazard: float, n: int) -> float:
    """Members left after n months from one new member per month: sum_{k<n} (1-h)^k."""
    if hazard <= 0:
        return float(n)
    return (1.0 - (1.0 - hazard) ** n) / hazard


def needed_per_month(segments: dict[str, Series], rates: dict[str, Rates], *, target: float, steps: int) -> float:
    """Gross new members per month (spread over segments like recent enrolments) that bring the
    active total to `target` after `steps` months, net of the expected lapses. 0 when the current
    stock alone stays at or above the target."""
    if steps < 1:
        steps = 1
    remaining = sum(ser.active[-1] * (1.0 - rates[s].hazard) ** steps for s, ser in segments.items())
    enrol_sum = sum(r.enrol for r in rates.values())
    if enrol_sum > 0:
        mix = {s: r.enrol / enrol_sum for s, r in rates.items()}
    else:
        stock = sum(ser.active[-1] for ser in segments.values()) or 1.0
        mix = {s: (ser.active[-1] / stock if stock else 1.0 / len(segments)) for s, ser in segments.items()}
    growth = sum(mix[s] * _growth(rates[s].hazard, steps) for s in segments)
    return max((target - remaining) / growth, 0.0) if growth > 0 else 0.0
