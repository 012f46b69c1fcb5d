"""Expected-to-date path and traffic-light status of a target. Pure Python, no Django.

The path is linear in calendar months from the baseline (active members on the baseline date) to
the target count at the due date, with one point per month end (docs/targets.md).
Status: hijau when actual >= expected to date; kuning when the increase achieved since the baseline
is at least KUNING_SHARE (90 %) of the increase the path expects to date; merah below that. When a
forecast for the due date is known, the status is also judged on it by the same rule (the forecast
against the target) and the worse of the two counts: an area whose forecast falls short of the
target is never hijau ("sesuai jalur").

A due date lies after the baseline and at most MAX_DUE_YEARS after it (latest_due).
"""
from __future__ import annotations

import calendar
from datetime import date

KUNING_SHARE = 0.9
MAX_DUE_YEARS = 10
STATUSES = ("hijau", "kuning", "merah")  # best to worst


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_end(index: int) -> date:
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start's month to end's month (2023-02-27 -> 2023-12-31 = 10)."""
    return month_index(end) - month_index(start)


def expected_at(*, baseline_active: int, target_count: int, baseline_as_of: date, due: date, as_of: date) -> int:
    """Active members the linear path expects on `as_of` (baseline before the start, target after
    the due date), rounded half up to a whole member."""
    total = max(months_between(baseline_as_of, due), 1)
    done = min(max(months_between(baseline_as_of, as_of), 0), total)
    value = baseline_active + (target_count - baseline_active) * done / total
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def path_points(*, baseline_active: int, target_count: int, baseline_as_of: date, due: date) -> list[tuple[date, int]]:
    """(date, expected) for the baseline date and each following month end up to the due date."""
    points = [(baseline_as_of, baseline_active)]
    for idx in range(month_index(baseline_as_of) + 1, month_index(due) + 1):
        d = min(month_end(idx), due) if idx == month_index(due) else month_end(idx)
        points.append(
            (d, expected_at(baseline_active=baseline_active, target_count=target_count,
                            baseline_as_of=baseline_as_of, due=due, as_of=d))
        )
    return points


def latest_due(baseline_as_of: date) -> date:
    """The latest due date a target measured on `baseline_as_of` may have (MAX_DUE_YEARS later)."""
    year = baseline_as_of.year + MAX_DUE_YEARS
    if year > date.max.year:
        return date.max
    day = min(baseline_as_of.day, calendar.monthrange(year, baseline_as_of.month)[1])
    return date(year, baseline_as_of.month, day)


def _light(*, baseline_active: int, expected: int, actual: int) -> str:
    if actual >= expected:
        return "hijau"
    if actual - baseline_active >= KUNING_SHARE * (expected - baseline_active):
        return "kuning"
    return "merah"


def status_of(
    *, baseline_active: int, expected: int, actual: int, target_count: int | None = None,
    forecast_at_due: int | None = None,
) -> str:
    """Traffic light on the path to date and, when given, on the forecast for the due date against
    the target (same 90 % rule); the worse of the two."""
    light = _light(baseline_active=baseline_active, expected=expected, actual=actual)
    if forecast_at_due is not None and target_count is not None:
        ahead = _light(baseline_active=baseline_active, expected=target_count, actual=forecast_at_due)
        light = max(light, ahead, key=STATUSES.index)
    return light


def net_needed_per_month(*, actual: int, target_count: int, as_of: date, due: date) -> int:
    """Net increase per month still needed (no lapses assumed): ceil(gap / months left)."""
    gap = target_count - actual
    if gap <= 0:
        return 0
    months = max(months_between(as_of, due), 1)
    return -(-gap // months)
