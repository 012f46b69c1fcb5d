"""Reads of the published coverage figures that targets and forecasts need (workforce and active
per area on a date, monthly history series). Aggregates only: no personal data.

Which figure counts on a date D: the latest DONE run with as_of <= D, unless the monthly history
has a later month (a history row labelled by its month counts as observed in that month, so D's own
month is included). Within the same month the run wins: it is what the baseline was measured on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Sum

from cakupan.core.areas import level_of
from cakupan.core.vocab import SEGMENTS
from cakupan.coverage.models import CoverageFact, CoverageHistory
from cakupan.coverage.selectors import run_latest

from . import forecast as fc
from .tracking import month_end, month_index

FIELD = {"kabupaten": "kabupaten_code", "kapanewon": "kapanewon_code", "kalurahan": "kalurahan_code"}


@dataclass(frozen=True)
class Figures:
    workforce: int
    active: int
    as_of: date
    source: str  # run | history


def _from_run(run, codes: list[str], level: str, ecosystem: str, segment: str) -> dict[str, Figures]:
    field = FIELD[level]
    qs = CoverageFact.objects.filter(run=run, **{f"{field}__in": codes})
    if ecosystem:
        qs = qs.filter(ecosystem=ecosystem)
    wf = {r[field]: r["w"] or 0 for r in qs.values(field).annotate(w=Sum("workforce"))}
    act_qs = qs.filter(segment=segment) if segment else qs
    act = {r[field]: r["a"] or 0 for r in act_qs.values(field).annotate(a=Sum("active"))}
    return {c: Figures(wf[c], act.get(c, 0), run.as_of, "run") for c in codes if c in wf}


def _from_run_history(run, codes: list[str], segment: str) -> dict[str, Figures]:
    """The run's own history rows (one per area x segment, written at publish): cheap, and the same
    figures as the facts. Empty unless every code has them."""
    rows = CoverageHistory.objects.filter(source="run", as_of=run.as_of, area_code__in=codes,
                                          segment__in=["ALL", segment or "ALL"])
    wf = {r.area_code: r.workforce for r in rows if r.segment == "ALL"}
    act = {r.area_code: r.active for r in rows if r.segment == (segment or "ALL")}
    if set(wf) != set(codes):
        return {}
    return {c: Figures(wf[c], act.get(c, 0), run.as_of, "run") for c in codes}


def _history_month(codes: list[str], as_of: date):
    bound = month_end(month_index(as_of))
    return (
        CoverageHistory.objects.filter(area_code__in=codes, source="history", as_of__lte=bound)
        .aggregate(m=Max("as_of"))["m"]
    )


def figures_at(*, codes: list[str], as_of: date, ecosystem: str = "", segment: str = "") -> dict[str, Figures]:
    """Workforce and active per area code (all codes of one level) on `as_of`."""
    if not codes:
        return {}
    level = level_of(codes[0])
    run = run_latest(on_or_before=as_of) if level in FIELD else None
    hist = None if ecosystem else _history_month(codes, as_of)
    if run is not None and (hist is None or month_index(run.as_of) >= month_index(hist)):
        found = (not ecosystem and _from_run_history(run, codes, segment)) or _from_run(
            run, codes, level, ecosystem, segment)
        if found:
            return found
    if hist is None:
        return {}
    rows = CoverageHistory.objects.filter(area_code__in=codes, source="history", as_of=hist)
    wf = {r.area_code: r.workforce for r in rows.filter(segment="ALL")}
    act = {r.area_code: r.active for r in rows.filter(segment=segment or "ALL")}
    return {c: Figures(wf[c], act.get(c, 0), hist, "history") for c in codes if c in wf}


def default_origin() -> date | None:
    """The as-of date of the latest published run, else the last month of the history."""
    run = run_latest()
    if run is not None:
        return run.as_of
    return CoverageHistory.objects.filter(source="history").aggregate(m=Max("as_of"))["m"]


def history_series_many(
    *, codes: list[str], until: date | None = None
) -> dict[str, tuple[list[int], dict[str, fc.Series]]]:
    """Monthly series per segment (or 'ALL' when the history has no segments) for each area, months
    up to and including `until`'s month: {code: (month indices, {segment: Series})}."""
    qs = CoverageHistory.objects.filter(area_code__in=codes, source__in=("history", "run"))
    if until is not None:
        qs = qs.filter(as_of__lte=month_end(month_index(until)))
    by_code: dict[str, list] = {c: [] for c in codes}
    history_months: set[tuple[str, int]] = set()
    runs = []
    for row in qs.order_by("as_of").values_list("area_code", "as_of", "segment", "active", "enrolled", "lapsed",
                                                "source"):
        if row[6] == "history":
            history_months.add((row[0], month_index(row[1])))
            by_code[row[0]].append(row[1:6])
        else:
            runs.append(row)
    # published runs (their flows counted against the run before, docs/flows.md) fill the months the
    # loaded monthly history does not cover; a first run's month has no flows, and fit() skips it
    for row in runs:
        if (row[0], month_index(row[1])) not in history_months:
            by_code[row[0]].append(row[1:6])
    return {c: _series(rows) for c, rows in by_code.items()}


def history_series(*, code: str, until: date | None = None) -> tuple[list[int], dict[str, fc.Series]]:
    return history_series_many(codes=[code], until=until)[code]


def _series(rows: list) -> tuple[list[int], dict[str, fc.Series]]:
    segs = sorted({r[1] for r in rows if r[1] in SEGMENTS.codes}) or (["ALL"] if rows else [])
    months = sorted({month_index(r[0]) for r in rows if r[1] in segs})
    if not months:
        return [], {}
    pos = {m: i for i, m in enumerate(months)}
    data = {s: [[0.0] * len(months) for _ in range(3)] for s in segs}
    seen: dict[str, set] = {s: set() for s in segs}
    for as_of, seg, active, enrolled, lapsed in rows:
        if seg in data:
            i = pos[month_index(as_of)]
            data[seg][0][i], data[seg][1][i], data[seg][2][i] = active, enrolled, lapsed
            seen[seg].add(i)
    for s in segs:  # a month missing for one segment keeps its previous stock and no flows
        for i in range(1, len(months)):
            if i not in seen[s]:
                data[s][0][i] = data[s][0][i - 1]
    return months, {s: fc.series_of(*data[s]) for s in segs}
