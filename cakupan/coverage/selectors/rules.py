"""The rules behind a run's figures and the people each exclusion removed, for the rules page
(counts only, no personal data):

    funnel = rules_funnel(run=run, scope=scope, code="34.02")
    funnel.population, funnel.exclusions[0].reason, funnel.exclusions[0].count, funnel.workforce
    funnel.available       False when the run's person_status.parquet is gone (retention pruning)
    status_rules()         [{segment, grace_months, rule, regulation}] (cakupan/reference/status_rules.csv)

The workforce / active / non-active figures come from the published coverage facts (the same
numbers as the dashboard, kept after pruning); the population rows and the counts removed by each
exclusion come from the run's `person_status.parquet` (`CAKUPAN_HOME/<run.run_dir>/`), grouped by
`excluded_reason` and restricted to the area by its code prefix. People outside the region have no
area: they are counted only at the kabupaten (whole-region) level. The grouped file is read once
per DONE run (~0,1 s for Bantul) and kept in the cache under the run's key.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache

from cakupan.accounts.scope import Scope
from cakupan.core.areas import level_of
from cakupan.core.reference import STATUS_RULES
from cakupan.core.vocab import SEGMENTS
from cakupan.pipeline.marts import NONACTIVE_STATUSES, ROSTER_PRIORITY, SEGMENT_PRIORITY

from .figures import CACHE_SECONDS, coverage_by, run_cache_key
from .runs import run_folder

log = logging.getLogger(__name__)

OUTSIDE = "outside_region"
# the order PERSON_STATUS tests the reasons (cakupan/pipeline/marts.py); occupation reasons
# (PNS, TNI, POLRI, ... from the mapping) sit where "occupation" is
REASON_ORDER = ("outside_region", "age_unknown", "under_15", "occupation_unknown", "occupation", "asn", "not_working")
FIXED_REASONS = {r for r in REASON_ORDER if r != "occupation"}


@dataclass(frozen=True)
class Exclusion:
    reason: str  # excluded_reason code: outside_region, under_15, PNS, asn, not_working, ...
    count: int
    occupation: bool  # an exclusion reason of the occupation mapping (PNS, TNI, POLRI, ...)


@dataclass
class Funnel:
    code: str  # the area counted (the scope's own area when it lies below `code`)
    whole_region: bool  # people outside the region are counted (kabupaten level)
    available: bool  # the run's person_status.parquet could be read
    population: int | None = None
    exclusions: list[Exclusion] = field(default_factory=list)
    workforce: int = 0
    active: int = 0
    nonactive: int = 0
    provisional: int | None = None  # active only through an enrolment registered in cakupan
    by_segment: list[tuple[str, int]] = field(default_factory=list)  # (segment, active)

    @property
    def none(self) -> int:
        return self.workforce - self.active - self.nonactive

    @property
    def excluded(self) -> int:
        return sum(e.count for e in self.exclusions)


def status_rules() -> list[dict]:
    """The grace rule of each segment, as shipped (`cakupan/reference/status_rules.csv`), in the
    segment priority order (PU > JAKON > PMI > BPU)."""
    with Path(STATUS_RULES).open(encoding="utf-8", newline="") as fh:
        rows = [{"segment": r["segment"].strip().upper(), "grace_months": int(r["grace_months"]),
                 "rule": (r.get("rule") or "").strip(), "regulation": (r.get("regulation") or "").strip()}
                for r in csv.DictReader(fh)]
    return sorted(rows, key=lambda r: SEGMENT_PRIORITY.get(r["segment"], 99))


def rule_constants() -> dict:
    """The rules stated in the pipeline (cakupan/pipeline/marts.py), for display."""
    return {"nonactive_statuses": NONACTIVE_STATUSES,
            "segment_priority": sorted(SEGMENT_PRIORITY, key=SEGMENT_PRIORITY.get),
            "roster_priority": ROSTER_PRIORITY}


def person_status_path(run) -> Path | None:
    folder = run_folder(run)
    return folder / "person_status.parquet" if folder else None


def _grouped(run) -> list[tuple] | None:
    """(kalurahan_code, padukuhan_code, excluded_reason, status, segment, provisional, n) of the run's
    person_status.parquet; None when the file is gone or unreadable."""
    path = person_status_path(run)
    if path is None or not path.is_file():
        return None
    import duckdb

    try:
        with duckdb.connect() as con:
            cols = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()}
            prov = "link_method = 'provisional'" if "link_method" in cols else "FALSE"
            return [tuple(r) for r in con.execute(
                f"SELECT kalurahan_code, padukuhan_code, excluded_reason, status, segment, {prov}, count(*) "
                "FROM read_parquet(?) GROUP BY ALL", [str(path)]).fetchall()]
    except (duckdb.Error, OSError) as exc:
        log.warning("person_status of run %s unreadable: %s", run.pk, exc)
        return None


def _grouped_cached(run) -> list[tuple] | None:
    key = run_cache_key(run)
    if key is None:
        return _grouped(run)
    name = f"cov:rules:{key}"
    box = cache.get(name)
    if box is None:
        box = (_grouped(run),)
        cache.set(name, box, CACHE_SECONDS)
    return box[0]


def _counted_area(scope: Scope, code: str) -> str:
    """The area whose people are counted: `code`, or the scope's own area when `code` is one of
    its ancestors (a kalurahan operator on the kabupaten page sees its own branch)."""
    if scope.area_code and not scope.area_allowed(code):
        return scope.area_code
    if scope.area_code and scope.area_code.startswith(code + "."):
        return scope.area_code
    return code


def _inside(area: str, kalurahan: str | None, padukuhan: str | None) -> bool:
    if level_of(area) == "padukuhan":
        return padukuhan == area
    return bool(kalurahan) and (kalurahan == area or kalurahan.startswith(area + "."))


def rules_funnel(*, run, scope: Scope, code: str) -> Funnel:
    """Population rows -> minus each exclusion -> workforce -> active / non-active / not registered,
    for one area of a run, limited to the user's scope (the caller checks `code` is visible)."""
    area = _counted_area(scope, code)
    whole = level_of(area) in ("provinsi", "kabupaten")
    facts = coverage_by(run=run, by="segment", scope=scope, within=area, exact=True)  # summed here
    out = Funnel(code=area, whole_region=whole, available=False,
                 workforce=sum(r.workforce for r in facts), active=sum(r.active for r in facts),
                 nonactive=sum(r.nonactive for r in facts))
    order = {s: i for i, s in enumerate(SEGMENTS.codes)}
    out.by_segment = sorted(((r.key, r.active) for r in facts if r.active), key=lambda t: order.get(t[0], 99))
    rows = _grouped_cached(run)
    if rows is None:
        return out
    counts: dict[str, int] = {}
    population = provisional = 0
    for kal, pad, reason, status, _segment, prov, n in rows:
        if reason == OUTSIDE:
            if not whole:
                continue
        elif not _inside(area, kal, pad):
            continue
        population += n
        if reason is not None:
            counts[reason] = counts.get(reason, 0) + n
        elif status == "active" and prov:
            provisional += n
    if whole:
        counts.setdefault(OUTSIDE, 0)
    for r in ("under_15", "asn", "not_working"):
        counts.setdefault(r, 0)

    def rank(reason: str) -> tuple:
        return (REASON_ORDER.index(reason if reason in FIXED_REASONS else "occupation"), reason)
    out.exclusions = [Exclusion(r, counts[r], r not in FIXED_REASONS) for r in sorted(counts, key=rank)]
    out.population, out.provisional, out.available = population, provisional, True
    return out
