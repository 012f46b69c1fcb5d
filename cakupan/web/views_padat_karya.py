"""Padat karya before the start: projects starting soon with crew not yet covered, one project's
crew check, the crew upload and the one-click batch enrolment (docs/padat-karya.md)."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik, scope_for
from cakupan.compliance import selectors_padat_karya as sel
from cakupan.compliance.services_padat_karya import project_create
from cakupan.core.formatting import angka, rupiah, tanggal
from cakupan.core.terms import kind_terms
from cakupan.coverage.selectors import run_region
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_codes, area_names

from .padat_karya import crew_enrol, crew_file_import, crew_quote


class ProjectForm(forms.Form):
    code = forms.CharField(label=_l("Kode proyek"), max_length=40)
    name = forms.CharField(label=_l("Nama kegiatan"), max_length=200)
    kalurahan = forms.ChoiceField(label=_l("Kalurahan"))
    location = forms.CharField(label=_l("Lokasi (padukuhan, ruas)"), max_length=200, required=False)
    start_date = forms.DateField(label=_l("Tanggal mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_days = forms.IntegerField(label=_l("Lama (hari)"), initial=21, min_value=1, max_value=366)
    crew_size = forms.TypedChoiceField(label=_l("Jumlah pekerja"), coerce=int, choices=[(26, "26"), (52, "52")])
    funding = forms.ChoiceField(label=_l("Sumber dana (pembayar iuran)"),
                                choices=[("APBDES", "APBDes"), ("APBD", "APBD"), ("CSR", "CSR")])

    def __init__(self, *args, scope, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms and terms["kalurahan"] != "kalurahan":  # the province's words (core.terms): desa outside DIY
            self.fields["kalurahan"].label = terms["kalurahan"][:1].upper() + terms["kalurahan"][1:]
            self.fields["location"].label = _("Lokasi (%(w)s, ruas)") % {"w": terms["padukuhan"]}
        codes = area_codes(kind="kalurahan", within=scope.area_code or None)
        if scope.area_code and scope.area_code in area_codes(kind="kalurahan"):
            codes = [scope.area_code]
        names = area_names(codes)
        self.fields["kalurahan"].choices = [(c, f"{names.get(c, c)} ({c})") for c in codes]


def _month(d) -> str:
    """date(2023, 3, 1) -> 'Maret 2023' (in the reader's language)."""
    return tanggal(d).split(" ", 1)[1]


def _terms(scope) -> dict[str, str]:
    """The area words of the user's area, else of the newest run's kabupaten (core.terms): desa and
    dusun in Klaten, kalurahan and padukuhan in Bantul; the stored kinds with neither."""
    return kind_terms(scope.area_code or run_region())


def _scope(request):
    scope = scope_for(request.user)
    if scope.role in ("anonymous", "none", "operator"):
        raise PermissionDenied
    return scope


def _project(scope, pk: int, *, manage: bool = False):
    project = sel.access_project(scope=scope, project_id=pk)
    if project is None:
        raise Http404
    if manage and not sel.can_manage(scope):
        raise PermissionDenied
    return project


@login_required
def project_list(request):
    scope = _scope(request)
    everything = request.GET.get("semua") == "1"
    rows = sel.projects_list(scope=scope, today=timezone.localdate(), upcoming_only=not everything)
    terms = _terms(scope)
    form = ProjectForm(scope=scope, terms=terms) if sel.can_manage(scope) else None
    return render(request, "padat_karya/list.html", {"rows": rows, "everything": everything, "form": form,
                                                     "days": sel.UPCOMING_DAYS, "age_cap": sel.AGE_CAP, "terms": terms,
                                                     "names": area_names([r.project.kalurahan_code for r in rows])})


@login_required
@require_POST
def project_new(request):
    scope = _scope(request)
    if not sel.can_manage(scope):
        raise PermissionDenied
    terms = _terms(scope)
    form = ProjectForm(request.POST, scope=scope, terms=terms)
    if form.is_valid():
        try:
            p = project_create(**{k: v for k, v in form.cleaned_data.items() if k != "kalurahan"},
                               kalurahan_code=form.cleaned_data["kalurahan"], by=request.user.username)
            messages.success(request, _("Proyek %(code)s dicatat; unggah daftar kru.") % {"code": p.code})
            return redirect("padat_karya:detail", pk=p.pk)
        except UserError as exc:
            form.add_error(None, str(exc))
    return render(request, "padat_karya/list.html", {"rows": [], "form": form, "days": sel.UPCOMING_DAYS, "terms": terms,
                                                     "age_cap": sel.AGE_CAP, "names": {}}, status=400)


@login_required
def project_detail(request, pk: int):
    scope = _scope(request)
    project = _project(scope, pk)
    check = sel.crew_check(project=project)
    rows = []
    if scope.can_see_persons:
        for r in check.rows:
            nik = r.crew.nik if scope.sees_full_nik else mask_nik(r.crew.nik)  # an invalid NIK too: all stars
            rows.append({"row": r, "nik": nik, "lapse": _month(r.lapse_month) if r.lapse_month else ""})
        audit_record(user=request.user, action="view_padat_karya_crew", scope=scope.label, rows=len(rows),
                     detail={"project": project.code})
    month_from, month_to = sel.project_months(project)
    quote = crew_quote(project=project, workers=check.to_enrol)
    ctx = {"p": project, "check": check, "rows": rows, "end": sel.project_end(project), "age_cap": sel.AGE_CAP,
           "months": f"{_month(month_from)} – {_month(month_to)}",
           "area": area_names([project.kalurahan_code]).get(project.kalurahan_code, project.kalurahan_code),
           "can_manage": sel.can_manage(scope) and scope.can_see_persons, "issues": [r for r in rows if r["row"].crew.issue],
           "quote": quote, "per_month": rupiah(quote.per_worker_month.total), "total": rupiah(quote.total),
           "lines": [(ln.program, rupiah(ln.amount), ln.regulation) for ln in quote.per_worker_month.lines]}
    return render(request, "padat_karya/detail.html", ctx)


@login_required
@require_POST
def crew_upload(request, pk: int):
    scope = _scope(request)
    project = _project(scope, pk, manage=True)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise UserError(_("Pilih berkas daftar kru (CSV atau XLSX dengan kolom NIK dan NAMA)."), code="padat_karya.file")
        report = crew_file_import(project=project, data=upload.read(), name=upload.name, by=request.user.username)
        messages.success(request, _("%(rows)s baris kru dibaca; %(issues)s baris bermasalah (lihat laporan per baris).")
                         % {"rows": angka(report.rows), "issues": angka(len(report.issues))})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("padat_karya:detail", pk=project.pk)


@login_required
@require_POST
def crew_enrol_view(request, pk: int):
    scope = _scope(request)
    project = _project(scope, pk, manage=True)
    try:
        result, amount = crew_enrol(project=project, by=request.user.username)
        messages.success(request, _("%(n)s pekerja didaftarkan (JKK + JKM, dibayar %(payer)s, %(amount)s); %(bad)s ditolak.")
                         % {"n": angka(len(result.registered)), "payer": project.get_funding_display(),
                            "amount": rupiah(amount), "bad": angka(len(result.rejected))})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("padat_karya:detail", pk=project.pk)
