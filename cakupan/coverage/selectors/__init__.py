"""Coverage's door: reads of the published runs and coverage marts. The CLI, the web pages, the API
and the other apps all use these, so they show the same figures. Every read that depends on who is
asking is scoped (cakupan.accounts.scope.Scope).

    from cakupan.coverage import selectors as cov
    run = cov.run_latest()
    cov.coverage_by(run=run, by="kalurahan", scope=scope, within="34.02.01")
    cov.persons_in_area(scope=scope, run=run, area_code="34.02.01.2001", flt=cov.PersonFilter())

Modules: `runs` (which run), `figures` (aggregates and trend points), `persons` (person lists).
"""
from .figures import (
    AREA_LEVELS,
    LEVEL_FIELD,
    CoverageRow,
    coverage_by,
    coverage_total,
    history_points,
    row_suppressed,
    run_cache_key,
    suppress_below,
)
from .persons import (
    STATUS_FILTERS,
    PersonFilter,
    person_ids,
    person_nik_reveal,
    person_row,
    persons_by_ids,
    persons_in_area,
    persons_viewed,
)
from .flows import flows_by_month  # noqa: F401  (stock and flow per month)
from .rules import Exclusion, Funnel, rule_constants, rules_funnel, status_rules  # noqa: F401  (the rules page)
from .runs import run_chosen, run_folder, run_latest, run_region, run_terms, runs_done

__all__ = [
    "AREA_LEVELS", "LEVEL_FIELD", "STATUS_FILTERS", "CoverageRow", "PersonFilter", "coverage_by", "coverage_total",
    "history_points", "person_ids", "person_nik_reveal", "person_row", "persons_by_ids", "persons_in_area",
    "persons_viewed", "row_suppressed", "run_cache_key", "run_chosen", "run_folder", "run_latest", "run_region", "run_terms", "runs_done", "suppress_below",
]
