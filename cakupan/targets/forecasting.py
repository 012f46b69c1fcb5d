"""Forecasts of an area's active members from the monthly history (the math is in forecast.py).

Only the history up to the origin's month is used to fit; the back-test shown next to a forecast
scores only months known at the origin, so nothing from after the origin is used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from cakupan.errors import UserError

from . import forecast as fc
from .backtest import Backtest, backtest
from .figures import default_origin, history_series
from .selectors import target_current
from .tracking import month_end, month_index


@dataclass(frozen=True)
class AreaForecast:
    area_code: str
    origin: date
    last_month: date  # month end of the last month fitted
    history: tuple[tuple[date, int], ...]  # (month end, active) up to the origin
    months: tuple[date, ...]  # future month ends
    point: tuple[int, ...]
    low: tuple[int, ...]
    high: tuple[int, ...]
    level: float
    enrol_per_month: int  # expected new members per month at the recent pace
    lapses_per_month: int  # expected lapses per month of the stock at the origin
    target_count: int | None
    due: date | None
    needed_per_month: int | None  # gross new members per month to reach the target
    backtest: Backtest
    backtest_months: tuple[tuple[date, date], ...]  # (origin month, scored month) per row
    window: int = fc.DEFAULT_WINDOW  # months of history the rates were fitted on
    calibrated: bool = False  # band widened by the model's past errors

    @property
    def at_due(self) -> tuple[int, int, int]:
        return self.point[-1], self.low[-1], self.high[-1]


def _series_or_error(code: str, until: date | None) -> tuple[list[int], dict[str, fc.Series]]:
    months, series = history_series(code=code, until=until)
    if len(months) < 2:
        raise UserError(f"Riwayat bulanan untuk {code} belum cukup (perlu minimal 2 bulan).", code="forecast.no_history")
    return months, series


def forecast_area(
    *, area_code: str, to: date | None = None, origin: date | None = None, horizon: int = 3, window: int | None = None
) -> AreaForecast:
    origin = origin or default_origin()
    if origin is None:
        raise UserError("Belum ada riwayat cakupan: terbitkan hasil proses dulu (cakupan link, atau cakupan "
                        "backfill untuk bulan-bulan sebelumnya).",
                        code="forecast.no_history")
    target = target_current(area_code, origin)
    to = to or (target.due if target else None)
    if to is None:
        raise UserError("Sebutkan tanggal akhir ramalan (--to) atau tetapkan target dulu.", code="forecast.no_end")
    months, series = _series_or_error(area_code, origin)
    steps = month_index(to) - months[-1]
    if steps < 1:
        raise UserError("Tanggal akhir ramalan harus setelah bulan asal ramalan.", code="forecast.to")
    result = fc.forecast(series, steps, window=window)
    needed = None
    if target is not None:
        needed = math.ceil(fc.needed_per_month(series, result.rates, target=target.target_count, steps=steps))
    bt = backtest(series, horizon=horizon, window=window)
    total = [int(round(sum(s.active[i] for s in series.values()))) for i in range(len(months))]
    return AreaForecast(
        area_code=area_code, origin=origin, last_month=month_end(months[-1]),
        history=tuple(zip((month_end(m) for m in months), total)),
        months=tuple(month_end(months[-1] + k + 1) for k in range(steps)),
        point=tuple(int(round(v)) for v in result.point), low=tuple(int(round(v)) for v in result.low),
        high=tuple(int(round(v)) for v in result.high), level=result.level,
        enrol_per_month=int(round(result.enrol_per_month)),
        lapses_per_month=int(round(sum(r.hazard * series[s].active[-1] for s, r in result.rates.items()))),
        target_count=target.target_count if target else None, due=target.due if target else None,
        needed_per_month=needed, backtest=bt,
        backtest_months=tuple((month_end(months[r.origin]), month_end(months[r.scored])) for r in bt.rows),
        window=result.window, calibrated=result.calibrated,
    )


def backtest_area(*, area_code: str, horizon: int = 3, until: date | None = None, window: int | None = None):
    """Back-test over the whole history (or months up to `until`): each origin fitted on its past
    only, scored `horizon` months later. Returns (month ends, Backtest)."""
    months, series = _series_or_error(area_code, until)
    if horizon < 1:
        raise UserError("Horizon back-test minimal 1 bulan.", code="forecast.horizon")
    bt = backtest(series, horizon=horizon, window=window)
    return [month_end(m) for m in months], bt

