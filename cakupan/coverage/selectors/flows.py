"""Stock and flow per published run (month), for an area and its branch (CoverageFlow rows summed):

    flows_by_month(scope=scope, area_code="34.02.01")
    # [{"as_of", "run", "previous_run", "workforce", "active_start", "new", "reactivated", "lapsed",
    #   "left", "moved_in", "moved_out", "active", "pct"}], oldest first

For every row: active = active_start + new + reactivated - lapsed - left + moved_in - moved_out.
A run with no earlier published run counts everyone active as new (previous_run is None). A month
run more than once is shown once, by its newest run.
"""
from __future__ import annotations

from django.db.models import Q, Sum

from cakupan.accounts.scope import Scope

from ..models import CoverageFlow, CoverageRun

FLOW_SUMS = ("workforce", "active_start", "new", "reactivated", "lapsed", "left", "moved_in", "moved_out",
             "active_end")


def flows_by_month(*, scope: Scope, area_code: str | None = None) -> list[dict]:
    qs = CoverageFlow.objects.filter(run__status=CoverageRun.Status.DONE)
    if area_code:
        qs = qs.filter(Q(kalurahan_code=area_code) | Q(kalurahan_code__startswith=area_code + "."))
    if scope.area_code:
        qs = qs.filter(scope.area_q("kalurahan_code"))
    rows = (qs.values("run_id", "as_of", "previous_run_id").annotate(**{f: Sum(f) for f in FLOW_SUMS})
            .order_by("as_of", "run_id"))
    newest: dict = {}  # a month run again: its newest run stands for it, as in the history
    for r in rows:
        if r["run_id"] > newest.get(r["as_of"], {"run_id": -1})["run_id"]:
            newest[r["as_of"]] = r
    out = []
    for r in sorted(newest.values(), key=lambda r: r["as_of"]):
        w, a = r["workforce"] or 0, r["active_end"] or 0
        out.append({"as_of": r["as_of"], "run": r["run_id"], "previous_run": r["previous_run_id"], "workforce": w,
                    **{f: r[f] or 0 for f in FLOW_SUMS if f not in ("workforce", "active_end")},
                    "active": a, "pct": round(100.0 * a / w, 2) if w else 0.0})
    return out
