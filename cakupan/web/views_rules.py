"""The rules page: where each dashboard figure comes from (docs/rules.md).

    /aturan/               the dashboard's area (the kabupaten, or the operator's own area)
    /aturan/<code>/        one area, as on /wilayah/<code>/

Population rows -> minus each exclusion (count, rule in words, where it is written) -> workforce ->
active / non-active / not registered, the active count by segment with its grace rule, the
occupation mapping version the run used and the ecosystem rule. Counts only, so every signed-in
role may open it, limited to the areas it may see; the body is cached per run like the other pages.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from cakupan.core.terms import kind_terms
from cakupan.coverage import selectors as cov
from cakupan.registries.selectors import occupation_mapping_facts
from cakupan.wilayah import selectors as wil

from .fragments import page_body
from .views import _key, page_context
from .views_area import _area_name, _area_or_404


def _mapping(run) -> dict | None:
    facts = occupation_mapping_facts(population_snapshot_id=run.population_snapshot_id)
    if facts is None:
        return None
    rows = facts["rows"]
    by_eco: dict[str, list[str]] = {}
    for r in rows:
        if r["in_workforce"] and not r["excluded"] and r["ecosystem"]:
            by_eco.setdefault(r["ecosystem"], []).append(f"{r['code']} {r['name']}")
    return {**facts,
            "excluded": [r for r in rows if r["excluded"]],
            "not_working": [r for r in rows if not r["in_workforce"]],
            "by_ecosystem": sorted(by_eco.items())}


@login_required
def rules_view(request, code: str | None = None):
    ctx = page_context(request)
    if ctx["run"] is None:
        ctx["body"] = page_body("web/_rules_body.html", None, lambda: ctx, request)
        return render(request, "web/rules.html", ctx)
    run, scope = ctx["run"], ctx["scope"]
    if code is None:
        code = scope.area_code or cov.coverage_total(run=run, scope=scope).key
    _area_or_404(ctx, code)
    if not code or (not wil.area_exists(code) and not cov.coverage_total(run=run, scope=scope, within=code, exact=True).workforce):
        raise Http404("Wilayah tidak dikenal.")
    ctx["name"] = _area_name(ctx, code)

    def body_ctx():
        funnel = cov.rules_funnel(run=run, scope=scope, code=code)
        rules = cov.status_rules()
        grace = {r["segment"]: r for r in rules}
        return {**ctx, "code": code, "funnel": funnel, "terms": kind_terms(code), "counted_name": _area_name(ctx, funnel.code),
                "crumbs": wil.breadcrumbs(code, scope.area_visible), "status_rules": rules,
                "segments": [(s, n, grace.get(s)) for s, n in funnel.by_segment],
                "constants": cov.rule_constants(), "mapping": _mapping(run)}
    ctx["body"] = page_body("web/_rules_body.html", _key(ctx, "rules", code), body_ctx, request)
    return render(request, "web/rules.html", ctx)
