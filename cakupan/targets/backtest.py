"""Back-test of the forecast (docs/targets.md): from every origin, fitted on the months up to the
origin only (the series is cut there), scored `horizon` months later against what happened."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .forecast import DEFAULT_LEVEL, Series, forecast


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
    window: int | None = None,
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
        rows.append(BacktestRow(origin, origin + horizon, float(fc.point[-1]), actual,
                                float(fc.low[-1]), float(fc.high[-1])))
    return Backtest(horizon, tuple(rows))
