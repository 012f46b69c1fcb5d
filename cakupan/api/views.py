"""REST API (read-only): coverage by level from cakupan.coverage.selectors, and scoped person lists
(masked, audited). Same scope layer as the pages."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView as DRFAPIView

from cakupan.accounts.scope import scope_for
from cakupan.coverage import selectors as cov
from cakupan.wilayah.selectors import area_name, area_names

from . import serializers as s

class APIView(DRFAPIView):
    """Every API view: a query parameter with a NUL character is a bad request (400), never a
    database error (PostgreSQL refuses NUL in text)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        bad = sorted({k for k, vs in request.query_params.lists() for v in vs if "\x00" in v or "\x00" in k})
        if bad:
            raise ParseError(f"Parameter tidak sah (karakter NUL): {', '.join(bad)}.")


RUN = OpenApiParameter("run", int, description="run id (default: latest DONE run)")
WITHIN = OpenApiParameter("within", str, description="area code to limit to, e.g. 34.02.01")


def _run(request):
    run = cov.run_chosen(run_id=request.query_params.get("run"))
    if run is None:
        raise Http404("Belum ada data cakupan yang diterbitkan.")
    return run


def _row(r: cov.CoverageRow, name: str) -> dict:
    """A coverage row for CoverageRowSerializer: hidden figures are None (null), named in `suppressed`."""
    return {"key": r.key, "name": name, "workforce": r.workforce, "active": r.active, "provisional": r.provisional,
            "confirmed": r.confirmed, "nonactive": r.nonactive, "uncovered": r.uncovered, "pct": r.pct,
            "confirmed_pct": r.confirmed_pct, "suppressed": list(r.suppressed), "suppress_below": r.k}


class RunListView(APIView):
    @extend_schema(responses=s.RunSerializer(many=True), summary="Published coverage runs, newest first")
    def get(self, request):
        runs = [{"id": r.pk, "as_of": r.as_of, "engine": r.engine, "finished_at": r.finished_at} for r in cov.runs_done()]
        return Response(s.RunSerializer(runs, many=True).data)


class CoverageView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(cov.LEVEL_FIELD), description="grouping"), WITHIN, RUN],
        responses=s.CoverageSerializer,
        summary="Coverage grouped by area level or dimension (the figures of `cakupan coverage`)",
    )
    def get(self, request):
        run = _run(request)
        scope = scope_for(request.user)
        by = request.query_params.get("by", "kapanewon")
        if by not in cov.LEVEL_FIELD:
            raise Http404(f"by harus salah satu dari: {', '.join(cov.LEVEL_FIELD)}")
        within = request.query_params.get("within") or None
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
    @extend_schema(parameters=[WITHIN, RUN], responses=s.CoverageRowSerializer, summary="Total coverage in scope")
    def get(self, request):
        run = _run(request)
        scope = scope_for(request.user)
        within = request.query_params.get("within") or None
        if within and not scope.area_visible(within):
            raise Http404("Wilayah di luar cakupan Anda.")
        t = cov.coverage_total(run=run, scope=scope, within=within)
        return Response(s.CoverageRowSerializer(_row(t, area_name(t.key) if t.key else "")).data)


class PersonListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("area", str, required=True, description="kalurahan or padukuhan code"),
            OpenApiParameter("status", str, enum=list(cov.STATUS_FILTERS)),
            OpenApiParameter("ecosystem", str), OpenApiParameter("padukuhan", str), OpenApiParameter("q", str),
            OpenApiParameter("page", int), RUN,
        ],
        responses=s.PersonPageSerializer,
        summary="Uncovered persons of one area (scoped, NIK masked for most roles, audited)",
    )
    def get(self, request):
        run = _run(request)
        scope = scope_for(request.user)
        area = request.query_params.get("area", "")
        status = request.query_params.get("status", "uncovered")
        flt = cov.PersonFilter(
            status=status if status in cov.STATUS_FILTERS else "uncovered",
            q=request.query_params.get("q", "")[:100],
            padukuhan=request.query_params.get("padukuhan", ""),
            ecosystem=request.query_params.get("ecosystem", ""),
        )
        qs = cov.persons_in_area(scope=scope, run=run, area_code=area, flt=flt)
        page = Paginator(qs, 100).get_page(request.query_params.get("page"))
        rows = [cov.person_row(p, scope) for p in page.object_list]
        cov.persons_viewed(user=request.user, scope=scope, area_code=area, flt=flt, rows=len(rows), page=page.number, via="api")
        data = {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "results": rows}
        return Response(s.PersonPageSerializer(data).data)
