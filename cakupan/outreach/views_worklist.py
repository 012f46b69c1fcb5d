"""Worklist pages: list + make, detail with progress, XLSX download/upload, assign."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik
from cakupan.core.formatting import angka
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_names

from . import selectors as sel
from . import services
from .forms import AssignForm, PartnerForm, UploadForm, WorklistForm, relabel_levels, service_error
from .views_common import page_of, persons_required, region_terms, run_context, worklist_or_404


@persons_required
def index(request):
    return index_page(request)


def index_page(request, *, form=None, partner_form=None, status: int = 200):
    scope = request.scope
    page, page_query = page_of(request, sel.worklists_visible(scope=scope))
    rows = [(wl, sel.worklist_progress(worklist=wl)) for wl in page]
    ctx = {"rows": rows, "page": page, "page_query": page_query, "partners": sel.partner_progress(scope=scope),
           "scope": scope, **run_context()}
    # the province's words (core.terms): 'Satu lembar per dusun' outside DIY
    ctx["form"] = relabel_levels(form or WorklistForm(initial={"area": scope.area_code}, scope=scope), ctx["terms"])
    ctx["partner_form"] = partner_form or PartnerForm(scope=scope)
    return render(request, "outreach/index.html", ctx, status=status)


@require_POST
@persons_required
def make(request):
    form = WorklistForm(request.POST, scope=request.scope)
    if not form.is_valid():
        messages.error(request, _("Isian daftar kerja belum benar; lihat pesan di samping isian."))
        return index_page(request, form=form)
    d = form.cleaned_data
    try:
        if d["partner"].kind == "sekolah":  # a school's partner: its teachers not active (services/school_worklists.py)
            wl = services.school_worklist_make(partner=d["partner"], area_code=d["area"], scope=request.scope,
                                               user=request.user, by_padukuhan=d["by_padukuhan"], limit=d["limit"])
        elif d["partner"].kind == "dinas":  # an office's partner: its schools' teachers (services/office_worklists.py)
            wl = services.office_worklist_make(partner=d["partner"], area_code=d["area"], scope=request.scope,
                                               user=request.user, by_padukuhan=d["by_padukuhan"], limit=d["limit"])
        else:
            wl = services.worklist_make(partner=d["partner"], area_code=d["area"], scope=request.scope,
                                        user=request.user, ecosystem=d["ecosystem"] or "",
                                        by_padukuhan=d["by_padukuhan"], limit=d["limit"])
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("outreach:index")
    return redirect("outreach:worklist", worklist_id=wl.pk)


@require_POST
@persons_required
def partner_add(request):
    if request.scope.role == "mitra":
        raise PermissionDenied
    form = PartnerForm(request.POST, scope=request.scope)
    if form.is_valid():
        try:
            p = services.partner_create(name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                                        area_codes=form.area_list(), ecosystems=form.cleaned_data["ecosystems"])
            messages.success(request, _("Mitra %(name)s dibuat.") % {"name": p.name})
            return redirect("outreach:index")
        except UserError as exc:
            service_error(form, exc)
    messages.error(request, _("Isian mitra belum benar; lihat pesan di samping isian."))
    return index_page(request, partner_form=form)


@persons_required
def detail(request, worklist_id: int):
    scope = request.scope
    try:
        wl = sel.access_worklist(scope=scope, worklist_id=worklist_id)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("outreach:index")
    page = Paginator(sel.worklist_items(worklist=wl, scope=scope), 50).get_page(request.GET.get("page"))
    names = area_names((i.padukuhan_code for i in page), name_padukuhan=False)
    credits = sel.lapse_credits(worklist=wl, scope=scope) if wl.kind == "lapse" else None
    schools = services.worklist_schools(worklist=wl)   # an office's worklist: each teacher's school
    items = [{"item": i, "nik": i.nik if scope.sees_full_nik else mask_nik(i.nik), "padukuhan": names[i.padukuhan_code],
              "credit": credits.by_item.get(i.pk, "") if credits else "", "school": schools.get(i.nik, "")} for i in page]
    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(items), detail={"worklist": wl.pk})
    ctx = {"wl": wl, "progress": sel.worklist_progress(worklist=wl), "page": page, "items": items, "scope": scope,
           "show_school": wl.partner.kind == "dinas",
           "credits": credits, "terms": (terms := region_terms(wl.run)),
           "last_import": wl.imports.first(), "upload_form": UploadForm(),
           "assign_form": AssignForm(padukuhan_codes=sel.worklist_padukuhan_codes(worklist=wl, scope=scope),
                                     word=terms["padukuhan"])}
    if ctx["last_import"] is not None and ctx["last_import"].quarantine:
        ctx["quarantine_page"] = Paginator(ctx["last_import"].quarantine, 50).get_page(request.GET.get("qpage"))
    return render(request, "outreach/worklist.html", ctx)


@persons_required
def download(request, worklist_id: int):
    wl = worklist_or_404(request, worklist_id)
    content = services.worklist_export_xlsx(worklist=wl, scope=request.scope, user=request.user)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="daftar-kerja-{wl.pk}.xlsx"'
    return response


@require_POST
@persons_required
def upload(request, worklist_id: int):
    wl = worklist_or_404(request, worklist_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas XLSX."))
        return redirect("outreach:worklist", worklist_id=wl.pk)
    f = form.cleaned_data["file"]
    try:
        r = services.worklist_import_xlsx(content=f.read(), file_name=f.name, by=request.user.username, worklist=wl)
        messages.success(request, _("%(read)s baris: %(a)s diterapkan, %(u)s tetap, %(e)s kosong, %(q)s dikarantina.") % {
            "read": angka(r.rows_read), "a": angka(r.rows_applied), "u": angka(r.rows_unchanged), "e": angka(r.rows_empty),
            "q": angka(r.rows_quarantined)})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("outreach:worklist", worklist_id=wl.pk)


@require_POST
@persons_required
def assign(request, worklist_id: int):
    wl = worklist_or_404(request, worklist_id)
    form = AssignForm(request.POST, padukuhan_codes=sel.worklist_padukuhan_codes(worklist=wl, scope=request.scope))
    if form.is_valid():
        n = services.worklist_assign(worklist=wl, assigned_to=form.cleaned_data["assigned_to"],
                                     padukuhan_code=form.cleaned_data["padukuhan"] or "")
        messages.success(request, _("%(n)s item diserahkan.") % {"n": angka(n)})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
    return redirect("outreach:worklist", worklist_id=wl.pk)
