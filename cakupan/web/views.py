"""Dashboard and map pages. Thin: pick the run and scope, call selectors, render.

The bodies of these pages (and of the area pages, views_area) are rendered once per DONE run, scope,
language and query, then served from the cache (cakupan.web.fragments; docs/performance.md)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cakupan.accounts.scope import scope_for
from cakupan.core import labels
from cakupan.coverage import selectors as cov
from cakupan.wilayah.selectors import area_name

from . import compose, mapsvg, trend
from .fragments import FRAGMENT_SECONDS, TARGET_SECONDS, cached, page_body, picker_key, scope_key

MAP_LEVELS = ("kapanewon", "kalurahan")


def page_context(request) -> dict:
    """Scope and chosen run (?run=<id> is remembered in the session); one query for both the run
    picker and the chosen run when it is among the picker's runs."""
    if "run" in request.GET:
        request.session["run_id"] = request.GET.get("run")
    runs = cov.runs_done(light=True)
    run = _chosen(runs, request.session.get("run_id"))
    scope = scope_for(request.user)
    area = cached(("area_name", scope.area_code), lambda: area_name(scope.area_code), FRAGMENT_SECONDS) \
        if scope.area_code else ""
    return {"scope": scope, "scope_text": labels.scope_text(scope, area), "run": run, "runs": runs,
            "run_key": cov.run_cache_key(run) if run is not None else None}


def _chosen(runs, run_id):
    """The picked run if it is among the picker's runs (no query), else run_chosen's answer (an
    older run, or the latest for an unknown id); the newest run when nothing was picked."""
    if run_id:
        for r in runs:
            if str(r.pk) == str(run_id):
                return r
        return cov.run_chosen(run_id=run_id)
    return runs[0] if runs else None


def _key(ctx, *parts) -> tuple | None:
    """The cache key of a page body: None (render every time) unless the run is DONE."""
    if ctx["run_key"] is None:
        return None
    return (ctx["run_key"], picker_key(ctx["runs"]), scope_key(ctx["scope"]), *parts)


def target_summary(ctx, code: str):
    """The target card's figures, kept TARGET_SECONDS (targets change outside a run)."""
    run = ctx["run"]
    if ctx["run_key"] is None:
        return compose.target_summary(code, run.as_of)
    return cached(("target", ctx["run_key"], code), lambda: compose.target_summary(code, run.as_of), TARGET_SECONDS)


@login_required
def dashboard(request):
    ctx = page_context(request)
    run, scope = ctx["run"], ctx["scope"]
    if run is None:
        ctx["body"] = page_body("web/_dashboard_body.html", None, lambda: ctx, request)
        return render(request, "web/dashboard.html", ctx)
    target = target_summary(ctx, compose.dashboard_code(run=run, scope=scope))

    def body_ctx():
        data = compose.dashboard(run=run, scope=scope, target=target)
        return {**ctx, **data, **trend.trend_block(run=run, scope=scope, code=data["code"], points=data["history"],
                                                   target=data["target"])}
    ctx["body"] = page_body("web/_dashboard_body.html", _key(ctx, "dashboard", repr(target)), body_ctx, request)
    return render(request, "web/dashboard.html", ctx)


@login_required
def map_view(request):
    ctx = page_context(request)
    level = request.GET.get("level", "kapanewon")
    level = level if level in MAP_LEVELS else "kapanewon"

    def body_ctx():
        figures = {}
        if ctx["run"] is not None:
            figures = {r.key: r for r in cov.coverage_by(run=ctx["run"], by=level, scope=ctx["scope"])}
        return {**ctx, "levels": MAP_LEVELS,
                "map": mapsvg.choropleth(level=level, figures=figures, visible=ctx["scope"].area_visible)}
    ctx["body"] = page_body("web/_map_body.html", _key(ctx, "map", level), body_ctx, request)
    return render(request, "web/map.html", ctx)
