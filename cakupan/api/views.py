"""REST API (read-only): coverage by level from cakupan.coverage.selectors, and scoped person lists
(masked, audited). Same scope layer as the pages.

For integrations (docs/api.md "For integrations"): `Authorization: Token <token>`, every list
paginated (pagination.Pagination), query parameters validated (params.py: a malformed one is a 400,
never a silent fallback), rate limits (settings REST_FRAMEWORK), and every error a JSON body with
`detail`, documented in the schema (schema.AutoSchema)."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView as DRFAPIView

from cakupan.accounts.scope import scope_for
from cakupan.core.terms import level_alias
from cakupan.coverage import selectors as cov
from cakupan.wilayah.selectors import area_name, area_names

from . import params as p
from . import serializers as s


# Every API view: a query parameter with a NUL character is a bad request (400), never a database
# error (PostgreSQL refuses NUL in text).
class _NoNul:

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        bad = sorted({k for k, vs in request.query_params.lists() for v in vs if "\x00" in v or "\x00" in k})
        if bad:
            raise ParseError(f"Parameter tidak sah (karakter NUL): {', '.join(bad)}.")


class APIView(_NoNul, DRFAPIView):
    pass


# A paginated list: `get` builds the rows, `self.page_of(rows, serialize)` answers one page of them.
class ListView(_NoNul, ListAPIView):

    def page_of(self, items, serialize) -> Response:
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.serializer_class(serialize(page), many=True).data)


def _run(run_id):
    run = cov.run_chosen(run_id=run_id)
    if run is None:
        raise Http404("Belum ada data cakupan yang diterbitkan.")
    return run


def _row(r: cov.CoverageRow, name: str) -> dict:
    """A coverage row for CoverageRowSerializer: hidden figures are None (null), named in `suppressed`."""
    return {"key": r.key, "name": name, "workforce": r.workforce, "active": r.active, "provisional": r.provisional,
            "confirmed": r.confirmed, "nonactive": r.nonactive, "uncovered": r.uncovered, "pct": r.pct,
            "confirmed_pct": r.confirmed_pct, "suppressed": list(r.suppressed), "suppress_below": r.k}


def _run_matches(run, q: dict) -> bool:
    return ((q.get("as_of") is None or run.as_of == q["as_of"])
            and (q.get("as_of_after") is None or run.as_of >= q["as_of_after"])
            and (q.get("as_of_before") is None or run.as_of <= q["as_of_before"])
            and (not q.get("engine") or run.engine == q["engine"]))


class RunListView(ListView):
    serializer_class = s.RunSerializer

    @extend_schema(parameters=[p.RunListQuery], summary="Published coverage runs, newest first (filter by as-of "
                                                        "date or engine)")
    def get(self, request):
        q = p.query(request, p.RunListQuery)
        runs = [r for r in cov.runs_done(limit=None, light=True) if _run_matches(r, q)]
        return self.page_of(runs, lambda page: [
            {"id": r.pk, "as_of": r.as_of, "engine": r.engine, "finished_at": r.finished_at} for r in page])


class CoverageView(APIView):
    @extend_schema(
        parameters=[p.CoverageQuery],
        responses=s.CoverageSerializer,
        summary="Coverage grouped by area level or dimension (the figures of `cakupan coverage`)",
    )
    def get(self, request):
        q = p.query(request, p.CoverageQuery)
        run = _run(q.get("run"))
        scope = scope_for(request.user)
        by = level_alias(q["by"])  # kecamatan -> kapanewon ... (the stored kinds)
        within = q.get("within") or None
        if within and not scope.area_visible(within):
            raise Http404("Wilayah di luar cakupan Anda.")
        rows = cov.coverage_by(run=run, by=by, scope=scope, within=within)
        names = area_names([r.key for r in rows]) if by in cov.AREA_LEVELS else {}
        data = {
            "run": run.pk, "as_of": run.as_of, "by": by, "within": within or "",
            "rows": [_row(r, names.get(r.key, r.key)) for r in rows],
        }
        return Response(s.CoverageSerializer(data).data)


class CoverageTotalView(APIView):
    @extend_schema(parameters=[p.WithinQuery], responses=s.CoverageRowSerializer, summary="Total coverage in scope")
    def get(self, request):
        q = p.query(request, p.WithinQuery)
        run = _run(q.get("run"))
        scope = scope_for(request.user)
        within = q.get("within") or None
        if within and not scope.area_visible(within):
            raise Http404("Wilayah di luar cakupan Anda.")
        t = cov.coverage_total(run=run, scope=scope, within=within)
        return Response(s.CoverageRowSerializer(_row(t, area_name(t.key) if t.key else "")).data)


class PersonListView(ListView):
    serializer_class = s.PersonSerializer

    @extend_schema(
        parameters=[p.PersonQuery],
        summary="Uncovered persons of one area (scoped, NIK masked for most roles, audited), 100 per page",
    )
    def get(self, request):
        q = p.query(request, p.PersonQuery)
        run = _run(q.get("run"))
        scope = scope_for(request.user)
        area = q["area"]
        flt = cov.PersonFilter(status=q["status"], q=q.get("q", ""), padukuhan=q.get("padukuhan", ""),
                               ecosystem=q.get("ecosystem", ""))
        qs = cov.persons_in_area(scope=scope, run=run, area_code=area, flt=flt)
        page = self.paginate_queryset(qs)
        rows = [cov.person_row(person, scope) for person in page]
        cov.persons_viewed(user=request.user, scope=scope, area_code=area, flt=flt, rows=len(rows),
                           page=self.paginator.page.number, via="api")
        return self.get_paginated_response(s.PersonSerializer(rows, many=True).data)


class NotFoundView(APIView):
    """Any other address under /api/ (an id that is not a number, a typo): a JSON 404, never the
    HTML page."""

    schema = None  # not an endpoint

    def _missing(self, request, *args, **kwargs):
        raise NotFound(_("Alamat API tidak dikenal: %(path)s") % {"path": request.path[:200]})

    get = post = put = patch = delete = head = options = _missing
