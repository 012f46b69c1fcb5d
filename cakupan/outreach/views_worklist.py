"""Worklist pages: list + make, detail with progress, XLSX download/upload, assign."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_names

from . import selectors as sel
from . import services
from .forms import AssignForm, PartnerForm, UploadForm, WorklistForm
from .views_common import persons_required, run_context, worklist_or_404


@persons_required
def index(request):
    scope = request.scope
    rows = [(wl, sel.worklist_progress(worklist=wl)) for wl in sel.worklists_visible(scope=scope)[:100]]
    ctx = {"rows": rows, "partners": sel.partner_progress(scope=scope), "scope": scope,
           "form": WorklistForm(initial={"area": scope.area_code}), "partner_form": PartnerForm(), **run_context()}
    return render(request, "outreach/index.html", ctx)


@require_POST
@persons_required
def make(request):
    form = WorklistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian daftar kerja belum lengkap."))
        return redirect("outreach:index")
    d = form.cleaned_data
    try:
        wl = services.worklist_make(partner=d["partner"], area_code=d["area"].strip(), scope=request.scope, user=request.user,
                                    ecosystem=d["ecosystem"] or "", by_padukuhan=d["by_padukuhan"], limit=d["limit"])
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("outreach:index")
    return redirect("outreach:worklist", worklist_id=wl.pk)


@require_POST
@persons_required
def partner_add(request):
    form = PartnerForm(request.POST)
    if form.is_valid() and request.scope.role != "mitra":
        try:
            p = services.partner_create(name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                                        area_codes=form.area_list(), ecosystems=form.cleaned_data["ecosystems"])
            messages.success(request, _("Mitra %(name)s dibuat.") % {"name": p.name})
        except UserError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Isian mitra belum lengkap."))
    return redirect("outreach:index")


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
    items = [{"item": i, "nik": i.nik if scope.sees_full_nik else mask_nik(i.nik), "padukuhan": names[i.padukuhan_code]}
             for i in page]
    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(items), detail={"worklist": wl.pk})
    ctx = {"wl": wl, "progress": sel.worklist_progress(worklist=wl), "page": page, "items": items, "scope": scope,
           "last_import": wl.imports.first(), "upload_form": UploadForm(), "assign_form": AssignForm()}
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
            "read": r.rows_read, "a": r.rows_applied, "u": r.rows_unchanged, "e": r.rows_empty, "q": r.rows_quarantined})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("outreach:worklist", worklist_id=wl.pk)


@require_POST
@persons_required
def assign(request, worklist_id: int):
    wl = worklist_or_404(request, worklist_id)
    form = AssignForm(request.POST)
    if form.is_valid():
        n = services.worklist_assign(worklist=wl, assigned_to=form.cleaned_data["assigned_to"],
                                     padukuhan_code=form.cleaned_data["padukuhan"].strip())
        messages.success(request, _("%(n)s item diserahkan.") % {"n": n})
    return redirect("outreach:worklist", worklist_id=wl.pk)
