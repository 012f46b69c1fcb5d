"""Report downloads: the user's area as PDF or XLSX (aggregates only); the archive of monthly
reports (scoped to the user's area) and, for admins, who receives them."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import scope_for
from cakupan.coverage.selectors import run_latest, run_region
from cakupan.core.terms import kind_terms
from cakupan.errors import UserError
from cakupan.targets.selectors import area_choices
from cakupan.wilayah.selectors import area_names

from .data import report_data
from .forms import RecipientForm
from .render import report_pdf, report_xlsx
from .selectors import EDIT_ROLES, recipients_all, report_file, sent_report_visible, sent_reports
from .services import recipient_add, recipient_remove

AREA_CODE = re.compile(r"[0-9A-Za-z_.-]{1,40}")  # Kemendagri codes and padukuhan keys: 34.02.01.2001.krajan
TYPES = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx),
}


@login_required
def index(request):
    run = run_latest()
    return render(request, "reports/index.html", {"run": run, "scope": scope_for(request.user),
                                                  "terms": kind_terms(run_region(run) if run else None)})


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


# --- the monthly report's archive and recipients -------------------------------------------------
ARCHIVE_TYPES = {"pdf": "application/pdf", "xlsx": TYPES["xlsx"][0]}


@login_required
def archive(request):
    scope = scope_for(request.user)
    reports = sent_reports(scope=scope)
    names = area_names({r.area_code for r in reports})
    return render(request, "reports/archive.html", {
        "reports": [(r, names.get(r.area_code, r.area_code)) for r in reports],
        "can_edit": scope.role in EDIT_ROLES})


@login_required
def archive_file(request, report_id: int, fmt: str):
    report = sent_report_visible(scope=scope_for(request.user), report_id=report_id)
    path = report_file(report=report, fmt=fmt) if report is not None and fmt in ARCHIVE_TYPES else None
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, content_type=ARCHIVE_TYPES[fmt],
                        filename=f"laporan-cakupan-{report.area_code}-{report.as_of}.{fmt}")


def _editor(request):
    scope = scope_for(request.user)
    if scope.role not in EDIT_ROLES:
        raise PermissionDenied
    return scope


@login_required
def recipients(request):
    scope = _editor(request)
    form = RecipientForm(request.POST or None, areas=area_choices(scope=scope))
    if request.method == "POST" and form.is_valid():
        try:
            r = recipient_add(**form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(email)s menerima laporan bulanan %(area)s.") % {
                "email": r.email, "area": area_names([r.area_code])[r.area_code]})
            return redirect("reports:recipients")
    rows = recipients_all()
    names = area_names({r.area_code for r in rows})
    return render(request, "reports/recipients.html", {
        "form": form, "rows": [(r, names.get(r.area_code, r.area_code)) for r in rows]},
        status=400 if form.errors else 200)


@login_required
@require_POST
def recipient_delete(request, recipient_id: int):
    _editor(request)
    try:
        recipient_remove(recipient_id=recipient_id)
    except UserError as exc:
        raise Http404 from exc
    messages.success(request, _("Penerima dihapus."))
    return redirect("reports:recipients")
