"""Job API for integrations: upload an extract, start a run, follow a job. Operators and admins
only (403 for the other roles); session or `Authorization: Token <token>` (`cakupan token create`)."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cakupan.errors import UserError
from cakupan.jobs import selectors as jobs
from cakupan.jobs import services as job_services

from . import serializers_jobs as s
from . import params as p
from .serializers import ErrorSerializer
from .views import APIView, ListView, RunListView


def _accepted(job) -> Response:
    data = s.JobSerializer(jobs.job_as_json(job)).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/jobs/{job.pk}/"})


def _error(exc: UserError, http=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": str(exc), "code": exc.code}, status=http)


class ImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": s.ImportRequestSerializer},
                   responses={202: s.JobSerializer,
                              400: OpenApiResponse(ErrorSerializer, description="bad request: `detail` and `code`, "
                                                   "or the refused fields each with its messages"),
                              403: OpenApiResponse(ErrorSerializer, description="not an operator")},
                   summary="Upload an extract (population | members | roster) and import it as a job")
    def post(self, request):
        if not jobs.can_operate(user=request.user):
            raise PermissionDenied("Hanya operator data dan admin yang boleh mengunggah.")
        form = s.ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        try:
            upload = job_services.upload_save(
                file=d["file"], kind=d["kind"], roster_kind=d.get("roster_kind") or "", as_of=d["as_of"],
                fix_of=d.get("fix_of"), sheet=d.get("sheet") or "", user=request.user)
            job = job_services.job_import_submit(upload=upload, columns=d.get("columns"), user=request.user)
        except UserError as exc:
            return _error(exc)
        return _accepted(job)


class RunsView(RunListView):
    @extend_schema(request=s.RunRequestSerializer,
                   responses={202: s.JobSerializer, 403: OpenApiResponse(ErrorSerializer, description="not an operator"),
                              409: OpenApiResponse(ErrorSerializer, description="a run is already waiting or running")},
                   summary="Start link + coverage + publish as a job")
    def post(self, request):
        if not jobs.can_operate(user=request.user):
            raise PermissionDenied("Hanya operator data dan admin yang boleh menjalankan proses.")
        form = s.RunRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            job = job_services.job_run_submit(as_of=form.validated_data.get("as_of"), user=request.user)
        except UserError as exc:
            return _error(exc, status.HTTP_409_CONFLICT if exc.code == "run.busy" else status.HTTP_400_BAD_REQUEST)
        return _accepted(job)


class JobListView(ListView):
    serializer_class = s.JobSerializer

    @extend_schema(parameters=[p.JobListQuery], summary="Jobs, newest first (operators and admins)")
    def get(self, request):
        if not jobs.can_operate(user=request.user):
            raise PermissionDenied("Hanya operator data dan admin yang melihat pekerjaan latar.")
        q = p.query(request, p.JobListQuery)
        qs = jobs.jobs_visible(user=request.user)
        if q.get("kind"):
            qs = qs.filter(kind=q["kind"])
        if q.get("status"):
            qs = qs.filter(status=q["status"])
        return self.page_of(qs, lambda page: [jobs.job_as_json(j) for j in page])


class JobView(APIView):
    @extend_schema(responses=s.JobSerializer, summary="One job: status, progress, step, message, result")
    def get(self, request, job_id: int):
        if not jobs.can_operate(user=request.user):
            raise PermissionDenied("Hanya operator data dan admin yang melihat pekerjaan latar.")
        job = jobs.job_visible(user=request.user, job_id=job_id) if 0 < job_id <= p.BIGINT else None
        if job is None:
            raise Http404("Pekerjaan tidak ditemukan.")
        return Response(s.JobSerializer(jobs.job_as_json(job)).data)
