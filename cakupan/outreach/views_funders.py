"""Funder pages (Penyandang dana): the list with budget, spent and left and the form to add one;
one funder's page — whom it paid for, months, amounts, how many still active in the latest run,
what is left — and its report as XLSX or PDF. Thin: reads through selectors_funders, writes
through services.funders."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, scope_for
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_name, area_names

from .forms import FunderForm, funder_service_error, relabel_levels
from .funder_report import funder_terms
from .selectors_funders import funder_access, funder_report, funders_visible
from .services.funders import funder_create, funder_spent
from .views_common import region_terms

ADD_ROLES = ("admin", "analis", "kepatuhan", "kapanewon", "kalurahan")
SEE_ROLES = ADD_ROLES + ("pimpinan",)


def _scope(request):
    scope = scope_for(request.user)
    if scope.role not in SEE_ROLES:
        raise PermissionDenied
    return scope


def _funder_or_404(scope, funder_id: int):
    try:
        return funder_access(scope=scope, ref=funder_id)
    except UserError as exc:
        raise Http404(str(exc)) from None


def index_page(request, *, scope, form=None, status: int = 200):
    funders = list(funders_visible(scope=scope))
    names = area_names({f.kalurahan_code for f in funders if f.kalurahan_code}, name_padukuhan=False)
    rows = []
    for f in funders:
        spent = funder_spent(funder=f)
        rows.append({"f": f, "spent": spent, "left": f.budget - spent, "kalurahan": names.get(f.kalurahan_code, "")})
    can_add = scope.role in ADD_ROLES
    terms = region_terms()
    form = form or (FunderForm(scope=scope) if can_add else None)
    ctx = {"rows": rows, "can_add": can_add, "scope": scope, "terms": terms,
           "form": relabel_levels(form, terms) if form is not None else None}  # 'Desa/kelurahan (APBDes)'
    return render(request, "outreach/funders.html", ctx, status=status)


@login_required
def index(request):
    return index_page(request, scope=_scope(request))


@require_POST
@login_required
def add(request):
    scope = _scope(request)
    if scope.role not in ADD_ROLES:
        raise PermissionDenied
    form = FunderForm(request.POST, scope=scope)
    if form.is_valid():
        d = form.cleaned_data
        try:
            f = funder_create(kind=d["kind"], name=d["name"], budget=d["budget"], period_from=d["period_from"],
                              period_to=d["period_to"], scope=scope, kalurahan_code=d["kalurahan"] if d["kind"] == "APBDES" else "",
                              company=d["company"] if d["kind"] == "CSR" else "", notes=d["notes"], by=request.user.username)
            messages.success(request, _("Penyandang dana %(name)s ditambahkan.") % {"name": f.name})
            return redirect("outreach:funder", funder_id=f.pk)
        except UserError as exc:
            funder_service_error(form, exc)
    messages.error(request, _("Isian penyandang dana belum benar; lihat pesan di samping isian."))
    return index_page(request, scope=scope, form=form, status=400)


@login_required
def detail(request, funder_id: int):
    scope = _scope(request)
    funder = _funder_or_404(scope, funder_id)
    report = funder_report(funder=funder, scope=scope)
    names = area_names({r["kalurahan_code"] for r in report.rows if r["kalurahan_code"]}, name_padukuhan=False)
    for r in report.rows:
        r["kalurahan"] = names.get(r["kalurahan_code"], r["kalurahan_code"] or "–")
    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(report.rows),
                 detail={"funder": funder.pk})
    ctx = {"funder": funder, "report": report, "scope": scope, "terms": funder_terms(funder, report.run),
           "kalurahan": area_name(funder.kalurahan_code) if funder.kalurahan_code else ""}
    return render(request, "outreach/funder.html", ctx)


@login_required
def download(request, funder_id: int, fmt: str):
    scope = _scope(request)
    if fmt not in ("pdf", "xlsx"):
        raise Http404(_("Laporan tersedia sebagai PDF atau XLSX."))
    funder = _funder_or_404(scope, funder_id)
    from .funder_report import funder_report_pdf, funder_report_xlsx

    if fmt == "pdf":
        content, report = funder_report_pdf(funder=funder, scope=scope)
        kind = "application/pdf"
    else:
        content, report = funder_report_xlsx(funder=funder, scope=scope)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit_record(user=request.user, action="export_persons", scope=scope.label, rows=len(report.rows),
                 detail={"funder": funder.pk, "what": f"funder_report_{fmt}", "purpose": "pelaporan"})
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="laporan-dana-{funder.pk}.{fmt}"'
    return response
