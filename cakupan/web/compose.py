"""What the pages show, composed from the domain doors only (cakupan.coverage.selectors for figures,
cakupan.wilayah.selectors for names, cakupan.targets.selectors for the target); no model here, so
the CLI, pages and API agree.

    data = dashboard(run=run, scope=scope)
    data["total"].pct, data["target"]["pct"], data["progress"]["pct_points"]
    children_table(run=run, scope=scope, code="34.02", sort="pct", desc=True)[0].name
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cakupan.accounts.scope import Scope
from cakupan.compliance.selectors import KINDS, compliance_overview
from cakupan.compliance.selectors_teachers import teacher_offices
from cakupan.core.areas import ancestors, child_level, level_of
from cakupan.core.labels import ecosystem_name
from cakupan.core.vocab import SEGMENTS
from cakupan.coverage import selectors as cov
from cakupan.targets.selectors import target_summary
from cakupan.wilayah.selectors import area_name, area_names

SORT_KEYS = {"name", "workforce", "active", "provisional", "nonactive", "uncovered", "pct"}


@dataclass(frozen=True)
class TableRow:
    code: str
    name: str
    row: cov.CoverageRow


def drill_level(code: str) -> str | None:
    """The level the area page lists below `code`; pages start at the kabupaten, so none below a
    provinsi (nor below a padukuhan)."""
    return None if level_of(code) == "provinsi" else child_level(code)


def children_table(*, run, scope: Scope, code: str, sort: str = "name", desc: bool = False) -> list[TableRow]:
    """Coverage of the children of an area (kabupaten -> kapanewon -> kalurahan -> padukuhan)."""
    return area_page(run=run, scope=scope, code=code, sort=sort, desc=desc)["rows"]


def area_page(*, run, scope: Scope, code: str, sort: str = "name", desc: bool = False) -> dict:
    """The children table, the breadcrumbs (from the kabupaten, the codes the scope may see) and the
    area's own name, with one read of the names: {"rows", "crumbs", "name"}."""
    child = drill_level(code)
    rows = cov.coverage_by(run=run, by=child, scope=scope, within=code) if child else []
    lineage = ancestors(code)
    names = area_names([r.key for r in rows] + lineage + [code])
    table = [TableRow(code=r.key, name=names.get(r.key, r.key), row=r) for r in rows]
    sort = sort if sort in SORT_KEYS else "name"
    # a figure the small-cell rule hides (None) sorts below every shown one
    key = (lambda t: t.name.lower()) if sort == "name" else (lambda t: _figure(getattr(t.row, sort)))
    return {"rows": sorted(table, key=key, reverse=desc),
            "crumbs": [(c, names[c]) for c in lineage if scope.area_visible(c)], "name": names.get(code, code)}


def _figure(value) -> float:
    return -1.0 if value is None else value


def target_path(target: dict | None) -> list[tuple[date, float]]:
    """The straight path from the target's baseline to its due date, in percent."""
    if not target or not target["due"] or target["baseline_as_of"] is None or target["baseline_pct"] is None:
        return []
    return [(target["baseline_as_of"], target["baseline_pct"]), (target["due"], target["pct"])]


_UNSET = object()


def dashboard_code(*, run, scope: Scope, area_code: str | None = None) -> str:
    """The area the dashboard shows: `area_code`, else the scope's area, else the kabupaten."""
    return cov.coverage_total(run=run, scope=scope, within=area_code or scope.area_code or None).key


def dashboard(*, run, scope: Scope, area_code: str | None = None, target=_UNSET) -> dict:
    """Figures of the dashboard; `target` (target_summary's dict or None) when the caller has it.
    The trend holds only points on or before the run's as-of date: what was known then."""
    total = cov.coverage_total(run=run, scope=scope, within=area_code or scope.area_code or None)
    code = total.key
    if target is _UNSET:
        target = target_summary(code, run.as_of)
    points = cov.history_points(area_code=code, until=run.as_of)
    return {
        "run": run,
        "code": code,
        "name": area_name(code) if code else "",
        "total": total,
        "target": target,
        "by_ecosystem": sorted(cov.coverage_by(run=run, by="ecosystem", scope=scope, within=area_code),
                               key=lambda r: ecosystem_name(r.key).lower()),
        "by_segment": [
            r for r in cov.coverage_by(run=run, by="segment", scope=scope, within=area_code) if r.key in SEGMENTS.codes
        ],
        "progress": progress_since_year_start(points, run.as_of, total),
        "history": points,
        "compliance": compliance_panel(run=run, scope=scope) if area_code is None else None,
    }


def compliance_panel(*, run, scope: Scope) -> dict:
    """The dashboard's compliance panel: each roster's coverage (OPD, padat karya, perangkat desa,
    pasar, UMKM, guru) and the teachers per responsible office, in the user's scope."""
    rows = compliance_overview(run=run, scope=scope)
    return {"rosters": [(r, KINDS.get(r.key, r.key)) for r in rows if r.key in KINDS],
            "teacher_offices": teacher_offices(run=run, scope=scope)}


def progress_since_year_start(points, as_of: date, total: cov.CoverageRow) -> dict | None:
    """Change in active members and in percentage points from the start of the as-of year
    (the last point before 1 January, else the first point of the year)."""
    start = date(as_of.year, 1, 1)
    before = [p for p in points if p.as_of < start]
    within = [p for p in points if start <= p.as_of < as_of]
    base = before[-1] if before else (within[0] if within else None)
    if base is None or total.active is None or total.pct is None:  # none, or hidden by the small-cell rule
        return None
    base_pct = 100.0 * base.active / base.workforce if base.workforce else 0.0
    return {
        "since": base.as_of,
        "active": total.active - base.active,
        "pct_points": round(total.pct - base_pct, 2),
    }
