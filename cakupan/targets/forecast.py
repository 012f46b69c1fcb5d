"""Churn-aware projection of active members, by segment. Pure NumPy, no Django (docs/targets.md).

Per segment s, from the monthly history up to the origin (the last `window` months):
    E_s = mean new enrolments per month
    h_s = lapse hazard = sum(lapsed in month t) / sum(active at the end of month t-1)
    A_s(t+1) = A_s(t) x (1 - h_s) + E_s
The area's projection is the sum over segments. The band is a two-stage bootstrap of the fitted
months: each simulated path resamples the window's months (parameter uncertainty), then draws each
future month's (enrolments, hazard) from that resample (month-to-month noise); the band is the
central `level` share of the paths. Needed per month: the gross new members per month that reach a
target by the due month after the expected lapses of the current stock and of the new members.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEFAULT_WINDOW = 12
DEFAULT_PATHS = 2000
DEFAULT_LEVEL = 0.8


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


def forecast(
    segments: dict[str, Series],
    steps: int,
    *,
    window: int = DEFAULT_WINDOW,
    n_paths: int = DEFAULT_PATHS,
    level: float = DEFAULT_LEVEL,
    seed: int = 0,
) -> Forecast:
    """Project every segment `steps` months past the last month of its series (the origin)."""
    if steps < 1:
        raise ValueError("steps must be >= 1")
    rates = {s: fit(ser, window=window) for s, ser in segments.items()}
    by_segment = {s: project(ser.active[-1], rates[s].enrol, rates[s].hazard, steps) for s, ser in segments.items()}
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
    start = float(sum(ser.active[-1] for ser in segments.values()))
    return Forecast(steps, start, point, np.minimum(low, point), np.maximum(high, point), level, by_segment, rates)


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


@dataclass(frozen=True)
class BacktestRow:
    origin: int  # index of the origin month in the series
    scored: int  # index of the month scored (origin + horizon)
    predicted: float
    actual: float
    low: float
    high: float


@dataclass(frozen=True)
class Backtest:
    horizon: int
    rows: tuple[BacktestRow, ...]

    @property
    def mae(self) -> float | None:
        return float(np.mean([abs(r.predicted - r.actual) for r in self.rows])) if self.rows else None

    @property
    def mape(self) -> float | None:
        rows = [r for r in self.rows if r.actual > 0]
        return float(np.mean([abs(r.predicted - r.actual) / r.actual * 100 for r in rows])) if rows else None

    @property
    def bias(self) -> float | None:
        return float(np.mean([r.predicted - r.actual for r in self.rows])) if self.rows else None

    @property
    def coverage_pct(self) -> float | None:
        return None if self.coverage is None else 100.0 * self.coverage

    @property
    def coverage(self) -> float | None:
        """Share of scored months whose actual fell inside the band (should be near the level)."""
        return float(np.mean([r.low <= r.actual <= r.high for r in self.rows])) if self.rows else None


def backtest(
    segments: dict[str, Series],
    *,
    horizon: int = 3,
    window: int = DEFAULT_WINDOW,
    min_fit: int = 6,
    last_scored: int | None = None,
    n_paths: int = 500,
    level: float = DEFAULT_LEVEL,
) -> Backtest:
    """A forecast from every origin with at least `min_fit` months behind it, each fitted on the
    months up to its origin only (the series is cut there), scored `horizon` months later against
    what happened. `last_scored` (an index) limits scoring to months known at a later origin."""
    n = min(len(s) for s in segments.values())
    end = n - 1 if last_scored is None else min(last_scored, n - 1)
    rows = []
    for origin in range(min_fit - 1, end - horizon + 1):
        past = {s: ser.head(origin + 1) for s, ser in segments.items()}
        fc = forecast(past, horizon, window=window, n_paths=n_paths, level=level, seed=origin)
        actual = float(sum(ser.active[origin + horizon] for ser in segments.values()))
        rows.append(BacktestRow(origin, origin + horizon, float(fc.point[-1]), actual, float(fc.low[-1]), float(fc.high[-1])))
    return Backtest(horizon, tuple(rows))
