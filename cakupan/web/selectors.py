"""Reads behind the pages: the chosen run, dashboard figures, drill-down tables. Figures come
only from cakupan.coverage.selectors, so the CLI, pages and API agree."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors as cov
from cakupan.coverage.models import CoverageHistory, CoverageRun
from cakupan.wilayah.models import Area

from cakupan.core.labels import ecosystem_name

log = logging.getLogger(__name__)

CHILD_LEVEL = {"kabupaten": "kapanewon", "kapanewon": "kalurahan", "kalurahan": "padukuhan"}
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
SORT_KEYS = {"name", "workforce", "active", "nonactive", "uncovered", "pct"}


def runs_done() -> list[CoverageRun]:
    return list(CoverageRun.objects.filter(status=CoverageRun.Status.DONE).order_by("-as_of", "-id")[:50])


def run_chosen(run_id: str | int | None) -> CoverageRun | None:
    """The run the user picked (?run=<id>), else the latest DONE run."""
    if run_id:
        try:
            run = CoverageRun.objects.filter(status=CoverageRun.Status.DONE, pk=int(run_id)).first()
        except (TypeError, ValueError):
            run = None
        if run is not None:
            return run
    return cov.run_latest()


def level_of(code: str) -> str:
    """Level from the shape of a code: 34.02 kabupaten, 34.02.01 kapanewon, 34.02.01.2001
    kalurahan, longer: padukuhan."""
    parts = code.count(".")
    return {1: "kabupaten", 2: "kapanewon", 3: "kalurahan"}.get(parts, "padukuhan" if parts > 3 else "provinsi")


def area_names(codes) -> dict[str, str]:
    codes = [c for c in codes if c]
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    for code in codes:
        if code not in names:
            names[code] = code.rsplit(".", 1)[-1].replace("-", " ").title() if level_of(code) == "padukuhan" else code
    return names


def area_exists(code: str) -> bool:
    return Area.objects.filter(code=code).exists()


def area_name(code: str) -> str:
    return area_names([code]).get(code, code)


def breadcrumbs(code: str, scope: Scope) -> list[tuple[str, str]]:
    parts = code.split(".")
    codes = [".".join(parts[:i]) for i in range(2, len(parts) + 1)]
    names = area_names(codes)
    return [(c, names[c]) for c in codes if scope.area_visible(c)]


@dataclass(frozen=True)
class TableRow:
    code: str
    name: str
    row: cov.CoverageRow


def children_table(*, run: CoverageRun, scope: Scope, code: str, sort: str = "name", desc: bool = False) -> list[TableRow]:
    """Coverage of the children of an area (kabupaten -> kapanewon -> kalurahan -> padukuhan)."""
    child = CHILD_LEVEL.get(level_of(code))
    if child is None:
        return []
    rows = cov.coverage_by(run=run, by=child, scope=scope, within=code)
    names = area_names([r.key for r in rows])
    table = [TableRow(code=r.key, name=names.get(r.key, r.key), row=r) for r in rows]
    sort = sort if sort in SORT_KEYS else "name"
    key = (lambda t: t.name.lower()) if sort == "name" else (lambda t: getattr(t.row, sort))
    return sorted(table, key=key, reverse=desc)


def history_points(*, area_code: str) -> list[CoverageHistory]:
    """One point per as-of date for an area (segment ALL), preferring run rows over monthly history."""
    best: dict[date, CoverageHistory] = {}
    for h in CoverageHistory.objects.filter(area_code=area_code, segment="ALL").order_by("as_of", "source"):
        if h.as_of not in best or h.source == "run":
            best[h.as_of] = h
    return [best[d] for d in sorted(best)]


def target_for(area_code: str, as_of: date) -> dict | None:
    """The area's target on a date from the targets app (`cakupan.targets.selectors.target_for`),
    as {pct, count, gap, due, status, baseline_as_of, baseline_pct}; None when no target is set
    or the targets app does not provide one."""
    try:
        from cakupan.targets.selectors import target_for as _target_for
    except (ImportError, AttributeError):
        return None
    try:
        t = _target_for(area_code, as_of)
    except Exception:  # noqa: BLE001 - a broken target must not break the dashboard
        log.exception("target_for failed for %s", area_code)
        return None
    if t is None:
        return None
    if isinstance(t, (int, float)):
        return {"pct": float(t), "count": None, "gap": None, "due": None, "status": "",
                "baseline_as_of": None, "baseline_pct": None}
    pct = float(getattr(t, "target_pct", 0) or 0)
    count = getattr(t, "target_count", None)
    baseline_workforce = count * 100.0 / pct if count and pct else 0
    baseline_active = getattr(t, "baseline_active", 0) or 0
    return {
        "pct": pct,
        "count": count,
        "gap": max(getattr(t, "gap", 0) or 0, 0),
        "due": getattr(t, "due", None),
        "status": getattr(t, "status", ""),
        "baseline_as_of": getattr(t, "baseline_as_of", None),
        "baseline_pct": 100.0 * baseline_active / baseline_workforce if baseline_workforce else None,
    }


def target_path(target: dict | None) -> list[tuple[date, float]]:
    """The straight path from the target's baseline to its due date, in percent."""
    if not target or not target["due"] or target["baseline_as_of"] is None or target["baseline_pct"] is None:
        return []
    return [(target["baseline_as_of"], target["baseline_pct"]), (target["due"], target["pct"])]


def dashboard(*, run: CoverageRun, scope: Scope, area_code: str | None = None) -> dict:
    total = cov.coverage_total(run=run, scope=scope, within=area_code or scope.area_code or None)
    code = total.key
    target = target_for(code, run.as_of)
    points = history_points(area_code=code)
    return {
        "run": run,
        "code": code,
        "name": area_name(code) if code else "",
        "total": total,
        "target": target,
        "by_ecosystem": sorted(cov.coverage_by(run=run, by="ecosystem", scope=scope, within=area_code),
                               key=lambda r: ecosystem_name(r.key).lower()),
        "by_segment": [
            r for r in cov.coverage_by(run=run, by="segment", scope=scope, within=area_code) if r.key in SEGMENTS
        ],
        "progress": progress_since_year_start(points, run.as_of, total),
        "history": points,
    }


def progress_since_year_start(points, as_of: date, total: cov.CoverageRow) -> dict | None:
    """Change in active members and in percentage points from the start of the as-of year
    (the last point before 1 January, else the first point of the year)."""
    start = date(as_of.year, 1, 1)
    before = [p for p in points if p.as_of < start]
    within = [p for p in points if start <= p.as_of < as_of]
    base = before[-1] if before else (within[0] if within else None)
    if base is None:
        return None
    base_pct = 100.0 * base.active / base.workforce if base.workforce else 0.0
    return {
        "since": base.as_of,
        "active": total.active - base.active,
        "pct_points": round(total.pct - base_pct, 2),
    }
