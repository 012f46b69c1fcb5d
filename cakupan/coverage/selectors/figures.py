"""Coverage figures of a published run, grouped by area level or dimension, and the trend points of
an area. Every read is limited to the user's areas (cakupan.accounts.scope.Scope):

    rows = coverage_by(run=run, by="kapanewon", scope=scope, within="34.02")
    rows[0].key, rows[0].pct                       ('34.02.01', 25.23)
    coverage_total(run=run, scope=scope).active    115463
    history_points(area_code="34.02")[-1].as_of    date(2024, 6, 30)
    history_points(area_code="34.02", until=run.as_of)   only the points on or before the run's as-of

Aggregates of a DONE run are cached (Django's cache framework, the `default` cache) under the run's
key (`run_cache_key`: its id and the moment it started), the grouping and the scope's area: a run is
immutable once DONE, so the cached figures are never stale; a new run has a new key, and a run that
is not DONE (still publishing) is never cached. Figures are the same for every role with the same
area (aggregates are not limited by organisation or ecosystem).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Sum

from cakupan.accounts.scope import Scope

from ..models import CoverageFact, CoverageHistory, CoverageRun

LEVEL_FIELD = {
    "kabupaten": "kabupaten_code",
    "kapanewon": "kapanewon_code",
    "kalurahan": "kalurahan_code",
    "padukuhan": "padukuhan_code",
    "ecosystem": "ecosystem",
    "segment": "segment",
    "sex": "sex",
    "age": "age_band",
}
AREA_LEVELS = ("kabupaten", "kapanewon", "kalurahan", "padukuhan")
CACHE_SECONDS = 24 * 60 * 60  # a DONE run never changes; the timeout only bounds memory use


@dataclass(frozen=True)
class CoverageRow:
    key: str  # area code, ecosystem, segment, sex or age band
    workforce: int
    active: int
    nonactive: int

    @property
    def uncovered(self) -> int:
        return self.workforce - self.active

    @property
    def pct(self) -> float:
        """Coverage in percent (active / workforce x 100), 0 when there is no workforce."""
        return round(100.0 * self.active / self.workforce, 2) if self.workforce else 0.0


def coverage_by(
    *, run: CoverageRun, by: str, scope: Scope, within: str | None = None, **filters: str
) -> list[CoverageRow]:
    """Coverage grouped by one dimension (see LEVEL_FIELD), limited to the user's area scope and,
    optionally, to one area code (`within`) and equality filters on other dimensions
    (e.g. ecosystem="pasar"). Aggregates are visible to every role, limited to its area.
    Cached per DONE run (see the module's docstring)."""
    field = LEVEL_FIELD[by]
    run_key = run_cache_key(run)
    if run_key is None:
        return _coverage_by(run=run, field=field, scope=scope, within=within, filters=filters)
    spec = repr((by, scope.area_code, within or "", sorted(filters.items())))
    key = f"cov:by:{run_key}:{hashlib.sha1(spec.encode()).hexdigest()}"
    rows = cache.get(key)
    if rows is None:
        rows = _coverage_by(run=run, field=field, scope=scope, within=within, filters=filters)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def run_cache_key(run: CoverageRun) -> str | None:
    """The key a DONE run's cached figures live under (its id and the microsecond it started, so a
    reused id in a fresh database never meets an old entry); None for a run that is not DONE."""
    if run is None or run.pk is None or run.status != CoverageRun.Status.DONE:
        return None
    started = run.started_at.timestamp() if run.started_at else 0
    return f"{run.pk}.{int(started * 1_000_000)}"


def _coverage_by(*, run: CoverageRun, field: str, scope: Scope, within: str | None, filters: dict) -> list[CoverageRow]:
    qs = CoverageFact.objects.filter(run=run).filter(scope.area_q("padukuhan_code"))
    if within:
        qs = qs.filter(padukuhan_code__startswith=within + ".") | qs.filter(padukuhan_code=within)
    for dim, value in filters.items():
        qs = qs.filter(**{LEVEL_FIELD[dim]: value})
    rows = (
        qs.values(field)
        .annotate(w=Sum("workforce"), a=Sum("active"), n=Sum("nonactive"))
        .order_by(field)
    )
    return [CoverageRow(key=r[field], workforce=r["w"] or 0, active=r["a"] or 0, nonactive=r["n"] or 0) for r in rows]


def coverage_total(*, run: CoverageRun, scope: Scope, within: str | None = None) -> CoverageRow:
    rows = coverage_by(run=run, by="kabupaten", scope=scope, within=within)
    return CoverageRow(
        key=within or scope.area_code or (rows[0].key if rows else ""),
        workforce=sum(r.workforce for r in rows),
        active=sum(r.active for r in rows),
        nonactive=sum(r.nonactive for r in rows),
    )


def history_points(*, area_code: str, until: date | None = None) -> list[CoverageHistory]:
    """One point per as-of date for an area (segment ALL), preferring run rows over monthly history;
    with `until`, only the points on or before that date (a run's trend ends at its as-of date).
    Aggregates of a whole area: the caller checks the area is visible to the user."""
    best: dict[date, CoverageHistory] = {}
    qs = CoverageHistory.objects.filter(area_code=area_code, segment="ALL")
    if until is not None:
        qs = qs.filter(as_of__lte=until)
    for h in qs.order_by("as_of", "source"):
        if h.as_of not in best or h.source == "run":
            best[h.as_of] = h
    return [best[d] for d in sorted(best)]
