"""Coverage figures of a published run, grouped by area level or dimension, and the trend points of
an area. Every read is limited to the user's areas (cakupan.accounts.scope.Scope):

    rows = coverage_by(run=run, by="kapanewon", scope=scope, within="34.02")
    rows[0].key, rows[0].pct                       ('34.02.01', 25.23)
    coverage_total(run=run, scope=scope).active    115463
    history_points(area_code="34.02")[-1].as_of    date(2024, 6, 30)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    (e.g. ecosystem="pasar"). Aggregates are visible to every role, limited to its area."""
    field = LEVEL_FIELD[by]
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


def history_points(*, area_code: str) -> list[CoverageHistory]:
    """One point per as-of date for an area (segment ALL), preferring run rows over monthly history.
    Aggregates of a whole area: the caller checks the area is visible to the user."""
    best: dict[date, CoverageHistory] = {}
    for h in CoverageHistory.objects.filter(area_code=area_code, segment="ALL").order_by("as_of", "source"):
        if h.as_of not in best or h.source == "run":
            best[h.as_of] = h
    return [best[d] for d in sorted(best)]
