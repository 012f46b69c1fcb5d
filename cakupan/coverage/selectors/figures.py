"""Coverage figures of a published run, grouped by area level or dimension, and the trend points of
an area. Every read is limited to the user's areas (cakupan.accounts.scope.Scope):

    rows = coverage_by(run=run, by="kapanewon", scope=scope, within="34.02")
    rows[0].key, rows[0].pct                       ('34.02.01', 25.23)
    coverage_total(run=run, scope=scope).active    115463
    rows[0].provisional, rows[0].confirmed         (120, 115343)   active only through an enrolment made in cakupan
    rows[0].suppressed                             ('active', 'pct', ...) for a role without person access

Honest figures (docs/privacy.md "Small cells"):
- `provisional` counts the active persons who are active only through an enrolment registered in
  cakupan and not yet in a BPJS extract; `confirmed` = active - provisional. Coverage % stays
  active / workforce; `confirmed_pct` is the share without the provisional ones.
- for a scope without person-level access (`scope.can_see_persons` False: pimpinan, operator, ...)
  every cell 0 < n < k (settings.CAKUPAN_SUPPRESS_BELOW, default 5) of workforce, active, nonactive
  and provisional is None and named in `row.suppressed`, and so is every figure derived from it
  (uncovered, confirmed, pct, confirmed_pct): pages write "< 5", the API null. Totals are summed
  from the exact counts, then suppressed. Complementary disclosure (a hidden cell recovered from
  a total minus the shown cells) is not prevented.
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
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
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


COUNTS = ("workforce", "active", "nonactive", "provisional")  # the stored counts of a row
PUBLISHED = (*COUNTS, "confirmed", "uncovered", "pct", "confirmed_pct")  # every figure a row publishes


@dataclass(frozen=True)
class CoverageRow:
    """One row of coverage. A count is None only when the small-cell rule hides it (`suppressed`
    names those, with the figures derived from them); `k` is the rule's threshold (0: exact)."""

    key: str  # area code, ecosystem, segment, sex or age band
    workforce: int | None
    active: int | None
    nonactive: int | None
    provisional: int | None = 0  # of `active`: not yet confirmed by a BPJS extract
    k: int = 0

    @property
    def confirmed(self) -> int | None:
        """Active and confirmed by an extract (active - provisional)."""
        if self.active is None or self.provisional is None:
            return None
        return self.active - self.provisional

    @property
    def uncovered(self) -> int | None:
        if self.workforce is None or self.active is None:
            return None
        return self.workforce - self.active

    @property
    def pct(self) -> float | None:
        """Coverage in percent (active / workforce x 100), 0 when there is no workforce; None when
        either count is hidden."""
        return _pct(self.active, self.workforce)

    @property
    def confirmed_pct(self) -> float | None:
        """Coverage counting only the enrolments an extract confirms (confirmed / workforce x 100)."""
        return _pct(self.confirmed, self.workforce)

    @property
    def suppressed(self) -> tuple[str, ...]:
        """The published figures hidden by the small-cell rule (None), in PUBLISHED order."""
        if not self.k:
            return ()
        return tuple(f for f in PUBLISHED if getattr(self, f) is None)


def _pct(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None:
        return None
    return round(100.0 * part / whole, 2) if whole else 0.0


def suppress_below(scope: Scope) -> int:
    """k of the small-cell rule for `scope`: settings.CAKUPAN_SUPPRESS_BELOW for a scope without
    person-level access, 0 (exact figures) for one with it."""
    if scope.can_see_persons:
        return 0
    k = int(getattr(settings, "CAKUPAN_SUPPRESS_BELOW", 5) or 0)
    return k if k > 1 else 0


def row_suppressed(row: CoverageRow, k: int) -> CoverageRow:
    """`row` with every count 0 < n < k hidden (None); unchanged when k is 0."""
    if not k:
        return row
    hidden = {f: None for f in COUNTS if getattr(row, f) is not None and 0 < getattr(row, f) < k}
    return replace(row, k=k, **hidden)


def coverage_by(
    *, run: CoverageRun, by: str, scope: Scope, within: str | None = None, exact: bool = False, **filters: str
) -> list[CoverageRow]:
    """Coverage grouped by one dimension (see LEVEL_FIELD), limited to the user's area scope and,
    optionally, to one area code (`within`) and equality filters on other dimensions
    (e.g. ecosystem="pasar"). Aggregates are visible to every role, limited to its area; small
    cells are hidden for a scope without person access (`suppress_below`) unless `exact` (for
    callers that compute with the counts and publish none of them cell by cell).
    Cached per DONE run (see the module's docstring)."""
    rows = _coverage_by_exact(run=run, by=by, scope=scope, within=within, filters=filters)
    k = 0 if exact else suppress_below(scope)
    return [row_suppressed(r, k) for r in rows] if k else rows


def _coverage_by_exact(*, run: CoverageRun, by: str, scope: Scope, within: str | None, filters: dict) -> list[CoverageRow]:
    field = LEVEL_FIELD[by]
    run_key = run_cache_key(run)
    if run_key is None:
        return _coverage_by(run=run, field=field, scope=scope, within=within, filters=filters)
    spec = repr((by, scope.area_code, within or "", sorted(filters.items())))
    # exact rows only (suppression is applied on the way out); "by2": rows that carry `provisional`
    key = f"cov:by2:{run_key}:{hashlib.sha1(spec.encode()).hexdigest()}"
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
        .annotate(w=Sum("workforce"), a=Sum("active"), n=Sum("nonactive"), p=Sum("provisional"))
        .order_by(field)
    )
    return [CoverageRow(key=r[field], workforce=r["w"] or 0, active=r["a"] or 0, nonactive=r["n"] or 0,
                        provisional=r["p"] or 0) for r in rows]


def coverage_total(*, run: CoverageRun, scope: Scope, within: str | None = None, exact: bool = False) -> CoverageRow:
    """The sum of the scope's coverage (or of `within`), suppressed like coverage_by's rows."""
    rows = coverage_by(run=run, by="kabupaten", scope=scope, within=within, exact=True)
    total = CoverageRow(
        key=within or scope.area_code or (rows[0].key if rows else ""),
        workforce=sum(r.workforce for r in rows),
        active=sum(r.active for r in rows),
        nonactive=sum(r.nonactive for r in rows),
        provisional=sum(r.provisional for r in rows),
    )
    return row_suppressed(total, 0 if exact else suppress_below(scope))


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
