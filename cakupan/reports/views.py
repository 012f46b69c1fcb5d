"""Report downloads: the user's area as PDF or XLSX (aggregates only)."""
from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from cakupan.accounts.scope import scope_for
from cakupan.coverage.selectors import run_latest

from .data import report_data
from .render import report_pdf, report_xlsx

AREA_CODE = re.compile(r"[0-9A-Za-z_.-]{1,40}")  # Kemendagri codes and padukuhan keys: 34.02.01.2001.krajan
TYPES = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx),
}


@login_required
def index(request):
    return render(request, "reports/index.html", {"run": run_latest(), "scope": scope_for(request.user)})


@login_required
def download(request, fmt: str):
    run = run_latest()
    if fmt not in TYPES or run is None:
        raise Http404
    area = request.GET.get("area", "")
    if area and not AREA_CODE.fullmatch(area):
        raise Http404  # not an area code: no query with it, no file name made of it
    data = report_data(run=run, scope=scope_for(request.user), area_code=area)
    content_type, render_fn = TYPES[fmt]
    resp = HttpResponse(render_fn(data), content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="cakupan-{data.area_code}-{run.as_of}.{fmt}"'
    return resp
