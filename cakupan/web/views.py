"""Dashboard and map pages. Thin: pick the run and scope, call selectors, render."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cakupan.accounts.scope import scope_for
from cakupan.core import labels
from cakupan.coverage import selectors as cov
from cakupan.wilayah.selectors import area_name

from . import charts, compose, mapsvg

MAP_LEVELS = ("kapanewon", "kalurahan")


def page_context(request) -> dict:
    """Scope and chosen run (?run=<id> is remembered in the session)."""
    if "run" in request.GET:
        request.session["run_id"] = request.GET.get("run")
    run = cov.run_chosen(run_id=request.session.get("run_id"))
    scope = scope_for(request.user)
    area = area_name(scope.area_code) if scope.area_code else ""
    return {"scope": scope, "scope_text": labels.scope_text(scope, area), "run": run, "runs": cov.runs_done()}


@login_required
def dashboard(request):
    ctx = page_context(request)
    if ctx["run"] is not None:
        data = compose.dashboard(run=ctx["run"], scope=ctx["scope"])
        ctx.update(data)
        points = [(h.as_of, 100.0 * h.active / h.workforce) for h in data["history"] if h.workforce]
        ctx["chart"] = charts.trend_chart(points, compose.target_path(data["target"]))
    return render(request, "web/dashboard.html", ctx)


@login_required
def map_view(request):
    ctx = page_context(request)
    level = request.GET.get("level", "kapanewon")
    level = level if level in MAP_LEVELS else "kapanewon"
    figures = {}
    if ctx["run"] is not None:
        figures = {r.key: r for r in cov.coverage_by(run=ctx["run"], by=level, scope=ctx["scope"])}
    ctx.update(levels=MAP_LEVELS, map=mapsvg.choropleth(level=level, figures=figures, visible=ctx["scope"].area_visible))
    return render(request, "web/map.html", ctx)
