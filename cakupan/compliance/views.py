"""Compliance pages: roster coverage by kind, by organisation/site/kalurahan, and the people."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from cakupan.accounts.scope import audit_record, mask_nik, scope_for
from cakupan.core.areas import level_of
from cakupan.coverage.selectors import run_latest
from cakupan.wilayah.selectors import area_names

from . import selectors as sel


def _names(keys) -> dict[str, str]:
    """Names of the group keys that are kapanewon or kalurahan codes (others show as themselves)."""
    return area_names([k for k in keys if k and level_of(k) in ("kapanewon", "kalurahan")])


@login_required
def index(request):
    scope, run = scope_for(request.user), run_latest()
    rows = sel.compliance_overview(run=run, scope=scope) if run else []
    kinds = [(r, sel.KINDS.get(r.key, r.key)) for r in rows]
    return render(request, "compliance/index.html", {"run": run, "kinds": kinds})


@login_required
def kind(request, roster_kind: str):
    if roster_kind not in sel.KINDS:
        raise Http404
    scope, run = scope_for(request.user), run_latest()
    rows = sel.compliance_groups(run=run, scope=scope, roster_kind=roster_kind) if run else []
    names = _names([r.key for r in rows])
    groups = [(r, names.get(r.key, r.key)) for r in rows]
    ctx = {"run": run, "roster_kind": roster_kind, "label": sel.KINDS[roster_kind], "groups": groups,
           "n_compliant": sum(1 for r in rows if r.compliant), "can_list": scope.can_see_persons}
    return render(request, "compliance/kind.html", ctx)


@login_required
def people(request, roster_kind: str):
    scope, run = scope_for(request.user), run_latest()
    group = request.GET.get("g", "")
    if roster_kind not in sel.KINDS or not group or "\x00" in group or not scope.can_see_persons or run is None:
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in ("active", "nonactive", "none") else ""
    rows = sel.compliance_people(run=run, scope=scope, roster_kind=roster_kind, group=group, status=status)
    if not scope.sees_full_nik:
        for r in rows:
            r["nik"] = mask_nik(r["nik"] or "")
    audit_record(user=request.user, action="view_roster_persons", scope=scope.label, rows=len(rows),
                 detail={"roster_kind": roster_kind, "group": group, "status": status, "run": run.id})
    ctx = {"run": run, "roster_kind": roster_kind, "label": sel.KINDS[roster_kind], "group": group,
           "group_name": _names([group]).get(group, group), "rows": rows, "status": status}
    return render(request, "compliance/people.html", ctx)
