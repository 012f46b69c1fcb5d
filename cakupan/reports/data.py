"""What a coverage report holds: the same figures as the dashboard and `cakupan coverage`, read
through cakupan.coverage.selectors for one run and one area scope. Aggregates only (no person)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cakupan.accounts.scope import Scope
from cakupan.core.areas import LEVELS as AREA_LEVELS
from cakupan.core.areas import level_of
from cakupan.core.terms import kind_term
from cakupan.coverage import selectors as cov
from cakupan.targets import selectors as targets
from cakupan.wilayah.selectors import area_exists, area_names

if TYPE_CHECKING:
    from cakupan.coverage.models import CoverageRun

LEVELS = ("kapanewon", "kalurahan")


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    row: cov.CoverageRow
    target_pct: float | None = None
    target_count: int | None = None


@dataclass
class ReportData:
    run: CoverageRun
    area_code: str
    area_name: str
    total: cov.CoverageRow
    target: Line | None
    levels: dict[str, list[Line]] = field(default_factory=dict)
    ecosystems: list[cov.CoverageRow] = field(default_factory=list)
    segments: list[cov.CoverageRow] = field(default_factory=list)

    @property
    def level_words(self) -> list[tuple[str, str, list[Line]]]:
        """(stored kind, the area's province's word for it, lines): ('kapanewon', 'kecamatan', ...) in Klaten."""
        return [(level, kind_term(level, self.area_code), lines) for level, lines in self.levels.items()]


def _line(code: str, name: str, row: cov.CoverageRow, as_of) -> Line:
    status = targets.target_for(code, as_of)
    pct = getattr(status, "target_pct", None)
    count = getattr(status, "target_count", None)
    return Line(code=code, name=name, row=row, target_pct=float(pct) if pct is not None else None,
                target_count=int(count) if count is not None else None)


def _name(code: str) -> str:
    """The area's name; an unknown code (a padukuhan too) stays itself in a report."""
    if not code or (level_of(code) == "padukuhan" and not area_exists(code)):
        return code
    return area_names([code])[code]


def report_data(*, run: CoverageRun, scope: Scope, area_code: str = "") -> ReportData:
    """Figures of `area_code` (default: the user's area, else the kabupaten) and the levels below."""
    code = area_code or scope.area_code or ""
    if code and not scope.area_allowed(code):
        code = scope.area_code
    total = cov.coverage_total(run=run, scope=scope, within=code or None)
    code = code or total.key
    name = _name(code)
    data = ReportData(run=run, area_code=code, area_name=name, total=total,
                      target=_line(code, name, total, run.as_of) if code else None)
    for level in LEVELS:
        if AREA_LEVELS.index(level_of(code)) >= AREA_LEVELS.index(level):
            continue  # no kapanewon table inside a kapanewon or kalurahan report
        rows = cov.coverage_by(run=run, by=level, scope=scope, within=code or None)
        names = area_names([r.key for r in rows])
        data.levels[level] = [_line(r.key, names.get(r.key, r.key), r, run.as_of) for r in rows]
    data.ecosystems = cov.coverage_by(run=run, by="ecosystem", scope=scope, within=code or None)
    data.segments = cov.coverage_by(run=run, by="segment", scope=scope, within=code or None)
    return data
