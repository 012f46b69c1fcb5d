"""Drill-down tables and the person list of a kalurahan (masked, paginated, filterable, audited)."""
from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cakupan.core.areas import level_of
from cakupan.core.terms import kind_term, kind_terms, level_term
from cakupan.coverage import selectors as cov
from cakupan.errors import UserError
from cakupan.privacy.selectors import EXPORT_PURPOSES
from cakupan.wilayah import selectors as wil

from . import compose, mapsvg, trend
from . import persons as export
from .fragments import FRAGMENT_SECONDS, cached, page_body
from .views import _key, page_context, target_summary

PAGE_SIZE = 50
TREND_LEVELS = ("kabupaten", "kapanewon", "kalurahan")  # the levels with a monthly history


AREA_CODE = re.compile(r"[0-9]{2}(\.[0-9a-z-]+)*")


def _area_or_404(ctx, code: str) -> str:
    if ctx["run"] is None or not AREA_CODE.fullmatch(code) or not ctx["scope"].area_visible(code):
        raise Http404("Wilayah di luar cakupan Anda.")
    return code


@login_required
def area_view(request, code: str | None = None):
    ctx = page_context(request)
    if ctx["run"] is None:
        ctx["body"] = page_body("web/_area_body.html", None, lambda: ctx, request)
        return render(request, "web/area.html", ctx)
    run, scope = ctx["run"], ctx["scope"]
    if code is None:  # the top of the user's remit: kabupaten, or the operator's own area
        code = scope.area_code or cov.coverage_total(run=run, scope=scope).key
    _area_or_404(ctx, code)
    total = cov.coverage_total(run=run, scope=scope, within=code)
    if total.workforce == 0 and not wil.area_exists(code):  # None: a hidden small count, not none
        raise Http404("Wilayah tidak dikenal.")
    sort = request.GET.get("sort", "name")
    sort = sort if sort in compose.SORT_KEYS else "name"
    desc = request.GET.get("dir") == "desc"
    level = level_of(code)
    # the trend of the area, or of the user's own area on a page above it (which shows only its branch)
    trend_code = (code if scope.area_allowed(code) else scope.area_code) if level in TREND_LEVELS else ""
    target = target_summary(ctx, trend_code) if trend_code else None

    def body_ctx():
        child = compose.drill_level(code)
        page = compose.area_page(run=run, scope=scope, code=code, sort=sort, desc=desc)
        ctx["name"] = cached(("area_name", code), lambda: page["name"], FRAGMENT_SECONDS)  # the <title>
        rows = page["rows"]
        out = dict(ctx)
        if level in ("kabupaten", "kapanewon"):  # the children on a map, zoomed to a kapanewon
            out["map"] = mapsvg.choropleth(level=child, figures={t.code: t.row for t in rows},
                                           visible=scope.area_visible, within=code if level == "kapanewon" else None)
        if trend_code:
            points = cov.history_points(area_code=trend_code, until=run.as_of)
            out.update(trend.trend_block(run=run, scope=scope, code=trend_code, points=points, target=target),
                       has_trend=True, trend_name=_area_name(ctx, trend_code) if trend_code != code else "")
        out.update(
            code=code,
            level=level,
            child_level=child or "",
            level_word=level_term(code, on=run.as_of),  # the province's words (core.terms)
            child_word=kind_term(child, code, on=run.as_of) if child else "",
            crumbs=page["crumbs"],
            total=total,
            rows=rows,
            sort=sort,
            desc=desc,
            persons_link=level in ("kalurahan", "padukuhan") and scope.can_see_persons and scope.area_allowed(code),
            columns=[("name", _("Wilayah")), ("workforce", _("Angkatan kerja")), ("active", _("Aktif")),
                     ("provisional", _("Sementara")), ("nonactive", _("Tidak aktif")), ("uncovered", _("Belum tercakup")), ("pct", _("Cakupan"))],
        )
        return out
    ctx["body"] = page_body("web/_area_body.html", _key(ctx, "area", code, sort, desc, repr(target)), body_ctx, request)
    if "name" not in ctx:
        ctx["name"] = _area_name(ctx, code)
    return render(request, "web/area.html", ctx)


def _area_name(ctx, code: str) -> str:
    """An area's name, kept with the page bodies (names change only with the reference data)."""
    return cached(("area_name", code), lambda: wil.area_name(code), FRAGMENT_SECONDS)


def _filter(request) -> cov.PersonFilter:
    g = request.GET
    status = g.get("status", "uncovered")
    return cov.PersonFilter(
        status=status if status in cov.STATUS_FILTERS else "uncovered",
        q=g.get("q", "").strip()[:100],
        padukuhan=g.get("padukuhan", "").strip(),
        ecosystem=g.get("ecosystem", "").strip(),
    )


@login_required
def persons_view(request, code: str):
    ctx = page_context(request)
    _area_or_404(ctx, code)
    flt = _filter(request)
    ids = cov.person_ids(scope=ctx["scope"], run=ctx["run"], area_code=code, flt=flt)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [cov.person_row(p, ctx["scope"]) for p in cov.persons_by_ids(run=ctx["run"], ids=page.object_list)]
    export.padukuhan_names(rows)
    prefix = reverse("web:nik_reveal", args=[0])[:-2]  # one reverse() per page, not per row
    for r in rows:
        r["reveal_url"] = f"{prefix}{r['id']}/"  # built here: a template would write 4.056 for 4056
    cov.persons_viewed(user=request.user, scope=ctx["scope"], area_code=code, flt=flt, rows=len(rows), page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    ctx.update(
        code=code, name=_area_name(ctx, code), crumbs=_crumbs(ctx, code),
        terms=kind_terms(code),  # the area's province's words (core.terms): dusun in Klaten, padukuhan in Bantul
        page=page, rows=rows, flt=flt, query=query.urlencode(),
        padukuhan_options=_padukuhan_options(ctx, code),
        ecosystem_options=[r.key for r in cov.coverage_by(run=ctx["run"], by="ecosystem", scope=ctx["scope"], within=code)],
        export_purposes=[(t.code, t.label(get_language())) for t in EXPORT_PURPOSES],
        status_options=[("uncovered", _("Semua yang belum tercakup")), ("none", _("Belum terdaftar")),
                        ("nonactive", _("Terdaftar, tidak aktif"))],
    )
    return render(request, "web/persons.html", ctx)


def _crumbs(ctx, code: str):
    visible = ctx["scope"].area_visible
    if ctx["run_key"] is None:
        return wil.breadcrumbs(code, visible)
    return cached(("crumbs", code, ctx["scope"].area_code), lambda: wil.breadcrumbs(code, visible), FRAGMENT_SECONDS)


def _padukuhan_options(ctx, code) -> list[tuple[str, str]]:
    """(code, name) of the kalurahan's padukuhan with workers, for the filter."""
    if level_of(code) != "kalurahan":
        return []

    def options():
        rows = cov.coverage_by(run=ctx["run"], by="padukuhan", scope=ctx["scope"], within=code)
        names = wil.area_names([r.key for r in rows])
        return [(r.key, names[r.key]) for r in rows]
    if ctx["run_key"] is None:
        return options()
    return cached(("padukuhan_options", ctx["run_key"], ctx["scope"].area_code, code), options, FRAGMENT_SECONDS)


@login_required
def persons_export(request, code: str, fmt: str):
    ctx = page_context(request)
    _area_or_404(ctx, code)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:  # every export records its purpose (docs/privacy.md)
        body, content_type = export.persons_export(user=request.user, scope=ctx["scope"], run=ctx["run"], area_code=code,
                                                   flt=_filter(request), fmt=fmt, purpose=request.GET.get("tujuan", ""))
    except UserError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pekerja-{code}-{ctx["run"].as_of}.{fmt}"'
    return response


@login_required
@require_POST
def nik_reveal(request, person_id: int):
    ctx = page_context(request)
    if ctx["run"] is None:
        raise Http404
    person = cov.person_nik_reveal(user=request.user, scope=ctx["scope"], run=ctx["run"], person_id=person_id)
    return render(request, "web/nik_reveal.html", {**ctx, "person": person})
