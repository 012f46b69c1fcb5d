"""Reads: targets, their progress and status per area. `target_summary(area_code, as_of)` is the
public door the dashboard uses (a plain dict, built on `target_for`); the pages and the CLI use
`target_table` (scoped by the user's areas).

    target_summary("34.02", date(2024, 6, 30))
    {"pct": 40.0, "count": 40, "gap": 12, "due": date(2024, 12, 31), "status": "merah",
     "forecast_at_due": 31, "baseline_as_of": date(2023, 12, 31), "baseline_pct": 20.0}

The status is the worse of the path to date and the forecast for the due month (tracking.status_of),
so it never says "sesuai jalur" when the forecast the target page shows falls short.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from cakupan.accounts.scope import Scope
from cakupan.core.areas import level_of
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_codes, area_names

from . import forecast as fc
from .figures import (
    Figures,
    default_origin,  # noqa: F401 - part of the door: the as-of date target pages default to
    figures_at,
    history_series_many,
)
from .models import Target
from .tracking import MAX_DUE_YEARS, expected_at, month_index, months_between, net_needed_per_month, status_of

log = logging.getLogger(__name__)
EDIT_ROLES = ("admin", "analis")
# no forecast (and no forecast-based status) further out than the longest due date a target may
# have; a row stored before that bound existed must not make the page project for centuries
MAX_FORECAST_MONTHS = (MAX_DUE_YEARS + 1) * 12


@dataclass(frozen=True)
class TargetStatus:
    target_pct: float  # target as % of the baseline workforce
    target_count: int  # active members to reach by the due date
    expected_to_date: int  # the linear path's value on as_of
    actual: int  # active members on as_of
    gap: int  # target_count - actual (members still to add, net)
    needed_per_month: int  # gross new members per month from as_of, net of expected lapses
    status: str  # hijau | kuning | merah
    area_code: str = ""
    target_id: int | None = None
    baseline_as_of: date | None = None
    baseline_active: int = 0
    due: date | None = None
    workforce: int = 0
    actual_pct: float = 0.0
    progress_pct: float = 0.0  # share of the baseline -> target increase achieved
    net_needed_per_month: int = 0  # gap / months left, without lapses
    lapses_per_month: int = 0  # expected lapses per month of the current stock
    forecast_at_due: int | None = None  # the forecast's point for the due month (as on the page)


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def status_for(
    target: Target, fig: Figures | None, series: dict[str, fc.Series] | None, as_of: date,
    months: list[int] | None = None,
) -> TargetStatus:
    """Progress of one target on `as_of` (figures and history already read; `months` the month
    indices of `series`). The status is judged on the path to date and on the point forecast for
    the due month, the same forecast the target page draws (forecasting.forecast_area)."""
    actual = fig.active if fig else 0
    workforce = fig.workforce if fig else target.baseline_workforce
    expected = expected_at(
        baseline_active=target.baseline_active, target_count=target.target_count,
        baseline_as_of=target.baseline_as_of, due=target.due, as_of=as_of,
    )
    net = net_needed_per_month(actual=actual, target_count=target.target_count, as_of=as_of, due=target.due)
    needed, lapses, at_due = net, 0, None
    if series and min(len(s) for s in series.values()) >= 2:
        last = months[-1] if months else month_index(as_of)
        steps_due = month_index(target.due) - last
        if 1 <= steps_due <= MAX_FORECAST_MONTHS:  # as forecast_area: from the last month fitted to the due month
            _w, _r, by_segment = fc.point_forecast(series, steps_due)
            at_due = int(round(float(np.sum(list(by_segment.values()), axis=0)[-1])))
        stock = sum(s.active[-1] for s in series.values())
        scale = actual / stock if stock else 1.0  # the history's segment mix, scaled to the actual
        scaled = {
            k: fc.series_of(list(s.active[:-1]) + [s.active[-1] * scale], s.enrolled, s.lapsed)
            for k, s in series.items()
        }
        _window, rates = fc.fit_all(series)  # same rates as the forecast
        steps = max(months_between(as_of, target.due), 1)
        needed = math.ceil(fc.needed_per_month(scaled, rates, target=target.target_count, steps=steps)) if net else 0
        lapses = int(round(sum(rates[k].hazard * s.active[-1] for k, s in scaled.items())))
    increase = target.target_count - target.baseline_active
    return TargetStatus(
        target_pct=_pct(target.target_count, target.baseline_workforce), target_count=target.target_count,
        expected_to_date=expected, actual=actual, gap=target.target_count - actual, needed_per_month=needed,
        status=status_of(baseline_active=target.baseline_active, expected=expected, actual=actual,
                         target_count=target.target_count, forecast_at_due=at_due),
        area_code=target.area_id, target_id=target.id, baseline_as_of=target.baseline_as_of,
        baseline_active=target.baseline_active, due=target.due, workforce=workforce,
        actual_pct=_pct(actual, workforce),
        progress_pct=round(100.0 * (actual - target.baseline_active) / increase, 2) if increase > 0 else 100.0,
        net_needed_per_month=net, lapses_per_month=lapses, forecast_at_due=at_due,
    )


def target_current(area_code: str, as_of: date | None = None) -> Target | None:
    """The most recently set or allocated whole-area target (no ecosystem/segment) of an area."""
    qs = Target.objects.filter(area_id=area_code, ecosystem="", segment="")
    if as_of is not None:
        qs = qs.filter(baseline_as_of__lte=as_of)
    return qs.order_by("-created_at", "-id").first()


def target_for(area_code: str, as_of: date) -> TargetStatus | None:
    """Target, path, actual, gap, needed per month and status of an area on `as_of`, or None when
    the area has no target."""
    target = target_current(area_code, as_of)
    if target is None:
        return None
    return _statuses([target], as_of)[0]


def target_summary(area_code: str, as_of: date) -> dict | None:
    """The area's target on a date as {pct, count, gap, due, status, forecast_at_due, baseline_as_of,
    baseline_pct}
    (gap never below 0; baseline_pct the baseline coverage in percent); None when no target is set
    or reading it fails (a broken target must not break the dashboard)."""
    try:
        t = target_for(area_code, as_of)
    except Exception:  # a broken target must not break the dashboard: logged, no target shown
        log.exception("target_for failed for %s", area_code)
        return None
    if t is None:
        return None
    pct = float(t.target_pct or 0)
    count = t.target_count
    baseline_workforce = count * 100.0 / pct if count and pct else 0
    baseline_active = t.baseline_active or 0
    return {
        "pct": pct,
        "count": count,
        "gap": max(t.gap or 0, 0),
        "due": t.due,
        "status": t.status,
        "forecast_at_due": t.forecast_at_due,
        "baseline_as_of": t.baseline_as_of,
        "baseline_pct": 100.0 * baseline_active / baseline_workforce if baseline_workforce else None,
    }


def _statuses(targets: list[Target], as_of: date) -> list[TargetStatus]:
    out: dict[int, TargetStatus] = {}
    groups: dict[tuple, list[Target]] = {}
    for t in targets:
        groups.setdefault((level_of(t.area_id), t.ecosystem, t.segment), []).append(t)
    for (_level, eco, seg), group in groups.items():
        codes = [t.area_id for t in group]
        figs = figures_at(codes=codes, as_of=as_of, ecosystem=eco, segment=seg)
        series = history_series_many(codes=codes, until=as_of) if not eco and not seg else {}
        for t in group:
            months, segs = series.get(t.area_id, ([], {}))
            out[t.id] = status_for(t, figs.get(t.area_id), segs, as_of, months)
    return [out[t.id] for t in targets]


def target_visible(*, scope: Scope, target_id) -> Target | None:
    """The target with this id when it exists and the scope may see its area, else None (a page
    answers 404). Any id that is not a whole number is None too."""
    try:
        target_id = int(str(target_id).strip())
    except (TypeError, ValueError):
        return None
    target = Target.objects.select_related("area").filter(id=target_id).first()
    if target is None or not scope.area_visible(target.area_id):
        return None
    return target


def access_target(*, scope: Scope, target_id: int) -> Target:
    target = target_visible(scope=scope, target_id=target_id)
    if target is None:
        raise UserError(f"Target {target_id} tidak ditemukan.", code="target.unknown")
    return target


def target_root(target: Target) -> Target:
    """The target set directly (not allocated) that `target` was allocated from, or itself."""
    while target.parent_id is not None:
        target = Target.objects.select_related("area", "parent").get(id=target.parent_id)
    return target


def target_default(*, scope: Scope, as_of: date | None = None) -> Target | None:
    """The root target a user lands on: the one that holds the current target of the user's own
    area (target_current, the same target the dashboard's target_summary reads): for an area
    operator the target of their kapanewon or kalurahan, set on it or allocated to it from an
    ancestor; for a user of every area the current target of the highest area that has one. When
    the user's area has no target yet: the newest root whose table has a row the user may see;
    else the newest visible root (None without any)."""
    roots = target_roots(scope=scope)
    if not roots:
        return None
    if scope.area_code:
        area = scope.area_code
    else:
        whole = [t for t in roots if not t.ecosystem and not t.segment] or roots
        area = min(whole, key=lambda t: (t.area_id.count("."), t.area_id)).area_id
    own = target_current(area, as_of) or target_current(area)
    if own is not None:
        root = target_root(own)
        if any(r.id == root.id for r in roots):
            return next(r for r in roots if r.id == root.id)
    for root in roots:
        if _tree_has(root, scope):
            return root
    return roots[0]


def _tree_has(root: Target, scope: Scope) -> bool:
    frontier = [root]
    while frontier:
        if any(scope.area_allowed(t.area_id) for t in frontier):
            return True
        frontier = list(Target.objects.filter(parent__in=frontier))
    return False


def target_roots(*, scope: Scope) -> list[Target]:
    """Targets set directly (not allocated), newest first, that cover or lie in the user's area."""
    roots = Target.objects.filter(parent__isnull=True).select_related("area").order_by("-created_at", "-id")
    return [t for t in roots if scope.area_visible(t.area_id)]


def target_table(
    *, target: Target, as_of: date, scope: Scope, level: str | None = None
) -> list[tuple[Target, TargetStatus]]:
    """The target and its allocated descendants (optionally one level only), in code order,
    limited to the areas the scope may see."""
    rows = [target]
    frontier = [target]
    while frontier:
        frontier = list(Target.objects.filter(parent__in=frontier).select_related("area").order_by("area_id"))
        rows.extend(frontier)
    rows = [t for t in rows if scope.area_allowed(t.area_id)]
    if level:
        rows = [t for t in rows if level_of(t.area_id) == level]
    rows.sort(key=lambda t: t.area_id)
    return list(zip(rows, _statuses(rows, as_of)))


TARGET_LEVELS = ("kabupaten", "kapanewon", "kalurahan")
CHILD_KIND = {"kabupaten": "kapanewon", "kapanewon": "kalurahan"}


def area_choices(*, scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the areas a target may be set for (kabupaten, kapanewon, kalurahan) in the
    scope, in hierarchy order, names indented by level: the new-target form's choices."""
    codes = sorted(c for kind in TARGET_LEVELS for c in area_codes(kind=kind) if scope.area_allowed(c))
    names = area_names(codes)
    indent = {"kabupaten": "", "kapanewon": "\u2003", "kalurahan": "\u2003\u2003"}
    return [(c, f"{indent[level_of(c)]}{names[c]}") for c in codes]


def allocation_children(target: Target) -> list[tuple[str, str, int]]:
    """(code, name, workforce on the target's baseline) of the areas directly below a target's
    area, in code order: one manual-count field each on the allocation form. Empty for a kalurahan."""
    kind = CHILD_KIND.get(level_of(target.area_id))
    if kind is None:
        return []
    codes = area_codes(kind=kind, within=target.area_id)
    codes = [c for c in codes if c.count(".") == target.area_id.count(".") + 1]
    figs = figures_at(codes=codes, as_of=target.baseline_as_of, ecosystem=target.ecosystem, segment=target.segment)
    names = area_names(codes)
    return [(c, names[c], figs[c].workforce if c in figs else 0) for c in codes]
