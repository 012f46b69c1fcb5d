"""What the monthly report holds: one published run of an area against the previous published run
(the latest DONE run with an earlier as-of), read through the coverage, targets and wilayah doors.
Aggregates only (no person).

    data = monthly_report_data(run=run, area_code="34.02")
    data.month                "Februari 2023"
    data.change_points        0.8    (None in a first month)
    data.sentences[0]         "Cakupan naik 0,8 poin menjadi 26,0 % (115.427 dari 457.718 pekerja)."
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cakupan.accounts.scope import Scope
from cakupan.core.areas import child_level, level_of
from cakupan.core.formatting import MONTHS_ID
from cakupan.core.terms import kind_term
from cakupan.coverage import selectors as cov
from cakupan.targets import selectors as targets
from cakupan.wilayah.selectors import area_names

from .sentences import report_sentences

if TYPE_CHECKING:
    from cakupan.coverage.models import CoverageRun

log = logging.getLogger(__name__)
SYSTEM = Scope(role="admin")  # the report is made by the system, for an area's recipients
RANKED = 5  # top and bottom kalurahan
STATUS_LABELS = {"hijau": "Sesuai jalur", "kuning": "Sedikit tertinggal", "merah": "Tertinggal", "": "Belum ada target"}


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    workforce: int
    active: int
    pct: float
    provisional: int = 0  # of `active`: not yet confirmed by a BPJS extract
    previous_pct: float | None = None
    target_pct: float | None = None  # target as % of the baseline workforce (None: no target set)
    expected: int | None = None  # the target path's value on the as-of date
    gap: int | None = None
    status: str = ""  # hijau | kuning | merah | "" (no target)

    @property
    def change(self) -> float | None:
        return None if self.previous_pct is None else round(self.pct - self.previous_pct, 2)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class MonthlyReport:
    run: CoverageRun
    previous: CoverageRun | None
    area_code: str
    area_name: str
    month: str  # "Februari 2023"
    total: cov.CoverageRow
    previous_total: cov.CoverageRow | None
    flows: dict | None  # new, reactivated, lapsed, left, moved_in, moved_out of the month (None: not counted)
    target: dict | None  # targets.target_summary of the area
    child_level: str | None  # the level whose target status is listed (kapanewon for a kabupaten)
    children: list[AreaLine] = field(default_factory=list)
    ranked_level: str = "kalurahan"
    ranked: list[AreaLine] = field(default_factory=list)  # every area of the ranked level, best first
    top: list[AreaLine] = field(default_factory=list)
    bottom: list[AreaLine] = field(default_factory=list)
    trend: list[tuple[date, float]] = field(default_factory=list)
    target_path: list[tuple[date, float]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    @property
    def change_points(self) -> float | None:
        if self.previous_total is None:
            return None
        return round(_ratio(self.total) - _ratio(self.previous_total), 2)  # from the counts, not rounded twice

    @property
    def workforce_change(self) -> int | None:
        return None if self.previous_total is None else self.total.workforce - self.previous_total.workforce

    @property
    def active_change(self) -> int | None:
        return None if self.previous_total is None else self.total.active - self.previous_total.active

    @property
    def level(self) -> str:
        return level_of(self.area_code)

    # the words of the report area's province for its levels (core.terms): kecamatan and desa/kelurahan
    # in Klaten, kapanewon and kalurahan in Bantul; child_level and ranked_level stay the stored kinds
    @property
    def child_word(self) -> str | None:
        return kind_term(self.child_level, self.area_code) if self.child_level else None

    @property
    def ranked_word(self) -> str:
        return kind_term(self.ranked_level, self.area_code)

    @property
    def map_word(self) -> str:
        """The level the map shows: kapanewon in a kabupaten's report, kalurahan below it."""
        return kind_term("kapanewon" if self.level == "kabupaten" else "kalurahan", self.area_code)


def _ratio(row: cov.CoverageRow) -> float:
    return 100.0 * row.active / row.workforce if row.workforce else 0.0


def month_name(d: date) -> str:
    return f"{MONTHS_ID[d.month - 1]} {d.year}"


def previous_run(run: CoverageRun) -> CoverageRun | None:
    """The latest DONE run with an earlier as-of date than `run`."""
    return next((r for r in cov.runs_done(limit=None, light=True) if r.as_of < run.as_of), None)


def _status(code: str, as_of: date):
    try:
        return targets.target_for(code, as_of)
    except Exception:  # a broken target must not stop the month's report: logged, shown as none
        log.exception("target_for failed for %s", code)
        return None


def _lines(run, previous, level: str, code: str, *, with_targets: bool) -> list[AreaLine]:
    rows = cov.coverage_by(run=run, by=level, scope=SYSTEM, within=code)
    before = {r.key: r.pct for r in cov.coverage_by(run=previous, by=level, scope=SYSTEM, within=code)} if previous else {}
    names = area_names([r.key for r in rows])
    out = []
    for r in rows:
        t = _status(r.key, run.as_of) if with_targets else None
        out.append(AreaLine(
            code=r.key, name=names.get(r.key, r.key), workforce=r.workforce, active=r.active, pct=r.pct,
            provisional=r.provisional, previous_pct=before.get(r.key), target_pct=float(t.target_pct) if t else None,
            expected=t.expected_to_date if t else None, gap=max(t.gap, 0) if t else None, status=t.status if t else ""))
    return out


def _flows(run, code: str) -> dict | None:
    month = next((m for m in cov.flows_by_month(scope=SYSTEM, area_code=code) if m["run"] == run.pk), None)
    if month is None or month["previous_run"] is None:
        return None  # not counted, or a first run (everyone active would count as new)
    return {k: month[k] for k in ("new", "reactivated", "lapsed", "left", "moved_in", "moved_out")}


def _target_path(target: dict | None) -> list[tuple[date, float]]:
    if not target or not target["due"] or target["baseline_as_of"] is None or target["baseline_pct"] is None:
        return []
    return [(target["baseline_as_of"], target["baseline_pct"]), (target["due"], target["pct"])]


def monthly_report_data(*, run: CoverageRun, area_code: str | None = None) -> MonthlyReport:
    """The month's report of an area (default: the kabupaten of the run)."""
    total = cov.coverage_total(run=run, scope=SYSTEM, within=area_code or None)
    code = area_code or total.key
    previous = previous_run(run)
    prev_total = cov.coverage_total(run=previous, scope=SYSTEM, within=code) if previous else None
    child = child_level(code)
    ranked_level = "padukuhan" if level_of(code) == "kalurahan" else "kalurahan"
    children = _lines(run, previous, child, code, with_targets=child != "padukuhan") if child else []
    ranked = children if child == ranked_level else _lines(run, previous, ranked_level, code, with_targets=False)
    ranked = sorted((r for r in ranked if r.workforce), key=lambda r: (-r.pct, r.name))
    k = min(RANKED, max(1, len(ranked) // 2))
    top = ranked[:k]
    bottom = [r for r in reversed(ranked[-k:]) if r not in top]
    target = targets.target_summary(code, run.as_of)
    trend = [(p.as_of, round(100.0 * p.active / p.workforce, 2)) for p in cov.history_points(area_code=code, until=run.as_of)
             if p.workforce]
    if total.workforce and (not trend or trend[-1][0] != run.as_of):
        trend.append((run.as_of, total.pct))  # the run's own point, when history does not hold it yet
    data = MonthlyReport(
        run=run, previous=previous, area_code=code, area_name=area_names([code]).get(code, code),
        month=month_name(run.as_of), total=total, previous_total=prev_total, flows=_flows(run, code) if previous else None,
        target=target, child_level=child, children=children, ranked_level=ranked_level, ranked=ranked, top=top,
        bottom=bottom, trend=trend, target_path=_target_path(target))
    data.sentences = report_sentences(data)
    return data
