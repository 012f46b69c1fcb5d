"""PDS pages (docs/compliance-pds.md): employers ranked by workers missing, one employer's three
findings with their evidence, the letter (PDF) and the imports of the register and the workers."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik, scope_for
from cakupan.core.formatting import angka
from cakupan.core.terms import kind_term, level_term
from cakupan.coverage.selectors import run_region
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_names

from . import selectors_pds as sel
from .letters_pds import employer_letter_pdf
from .services_pds import employer_file_import, worker_file_import

FINDING_TITLES = {"PDS-TK": "Tenaga kerja belum didaftarkan", "PDS-Upah": "Upah yang dilaporkan",
                  "PDS-Program": "Program sesuai skala usaha"}


def _scope(request):
    scope = scope_for(request.user)
    if scope.role in ("anonymous", "none", "operator"):
        raise PermissionDenied
    return scope


def _office() -> str:
    return getattr(settings, "CAKUPAN_OFFICE_NAME", "") or "BPJS Ketenagakerjaan"


@login_required
def employer_list(request):
    scope = _scope(request)
    rows = sel.employers_ranked(scope=scope, only_findings=request.GET.get("temuan") == "1")
    codes = [r.employer.kapanewon_code for r in rows if r.employer.kapanewon_code]
    names = area_names(codes)
    ctx = {"rows": rows, "names": names, "can_manage": sel.can_manage(scope),
           "area_word": kind_term("kapanewon", codes[0] if codes else scope.area_code or run_region()).capitalize(),
           "register": sel.file_current("pemberi_kerja"), "workers_file": sel.file_current("tenaga_kerja"),
           "register_issues": sel.register_issues() if sel.can_manage(scope) else [], "today": timezone.localdate()}
    return render(request, "compliance/pds/list.html", ctx)


def _employer(scope, npp: str):
    e = sel.employer_access(scope=scope, npp=npp)
    if e is None:
        raise Http404
    return e


@login_required
def employer_detail(request, npp: str):
    scope = _scope(request)
    e = _employer(scope, npp)
    check = sel.employer_check(employer=e)
    persons = scope.can_see_persons
    findings = []
    shown = 0
    for f in check.findings:
        evidence = []
        if persons:
            for ev in f.evidence:
                evidence.append({**ev, "nik": ev["nik"] if scope.sees_full_nik else mask_nik(ev.get("nik") or "")})
            shown += len(evidence)
        findings.append({"f": f, "title": _(FINDING_TITLES[f.code]), "evidence": evidence})
    issues = []
    if persons:
        issues = [{"w": w, "nik": w.nik if scope.sees_full_nik else mask_nik(w.nik)} for w in check.row_issues]
        audit_record(user=request.user, action="view_pds_workers", scope=scope.label, rows=shown + len(issues),
                     detail={"npp": e.npp})
    ctx = {"e": e, "check": check, "findings": findings, "issues": issues, "persons": persons,
           "opd_roster": _opd_roster(scope, e),
           "area_word": (level_term(e.kapanewon_code) if e.kapanewon_code
                         else kind_term("kapanewon", scope.area_code or run_region())).capitalize(),
           "kapanewon": area_names([e.kapanewon_code]).get(e.kapanewon_code, "") if e.kapanewon_code else ""}
    return render(request, "compliance/pds/detail.html", ctx)


def _opd_roster(scope, e):
    """An OPD's row on the latest run's OPD roster (non-ASN staff checked against membership), by name."""
    if e.kind != "opd":
        return None
    from cakupan.coverage.selectors import run_latest

    from .selectors import compliance_groups

    run = run_latest()
    if run is None:
        return None
    name = e.name.strip().lower()
    return next((g for g in compliance_groups(run=run, scope=scope, roster_kind="opd") if g.key.strip().lower() == name),
                None)


@login_required
def employer_letter(request, npp: str):
    scope = _scope(request)
    if not scope.can_see_persons:
        raise PermissionDenied
    e = _employer(scope, npp)
    try:
        with translation.override("id"):  # the letter is Indonesian whatever the reader's language
            check = sel.employer_check(employer=e)
            pdf = employer_letter_pdf(check=check, office=_office())
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("compliance:pds_detail", npp=e.npp)
    audit_record(user=request.user, action="letter_pds", scope=scope.label,
                 rows=sum(len(f.evidence) for f in check.findings), detail={"npp": e.npp, "purpose": "kepatuhan"})
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="surat-pds-{e.npp}.pdf"'
    return resp


@login_required
@require_POST
def pds_import(request):
    scope = _scope(request)
    if not sel.can_manage(scope):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    try:
        try:
            as_of = date.fromisoformat(request.POST.get("as_of", ""))
        except ValueError:
            raise UserError(_("Tanggal data tidak sah (tttt-bb-hh)."), code="pds.as_of") from None
        if kind not in ("pemberi_kerja", "tenaga_kerja"):
            raise UserError(_("Pilih jenis berkas: daftar pemberi kerja atau tenaga kerja yang dilaporkan."), code="pds.kind")
        if upload is None:
            raise UserError(_("Pilih berkas (CSV atau XLSX)."), code="pds.file")
        service = employer_file_import if kind == "pemberi_kerja" else worker_file_import
        report = service(data=upload.read(), name=upload.name, as_of=as_of, by=request.user.username)
        messages.success(request, _("%(rows)s baris dibaca; %(issues)s baris bermasalah (lihat laporan per baris).")
                         % {"rows": angka(report.rows), "issues": angka(len(report.issues))})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("compliance:pds")
