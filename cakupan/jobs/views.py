"""Operation pages (/operasi/): upload an extract, confirm its columns, follow the job, download
and fix quarantined rows, start a run. Operators and admins only (403 for the other roles)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, scope_for
from cakupan.errors import UserError

from . import forms, selectors, services


def _operator(request) -> None:
    if not scope_for(request.user).can_operate:
        raise PermissionDenied(_("Hanya operator data dan admin yang boleh membuka halaman operasi."))


@login_required
def home_view(request):
    _operator(request)
    return render(request, "jobs/home.html", _home_context(request, forms.UploadForm()))


FIELD_OF_ERROR = {"upload.as_of": "as_of", "upload.empty": "file", "upload.too_large": "file",
                  "upload.roster_kind": "roster_kind", "upload.kind": "kind"}


def _home_context(request, upload_form) -> dict:
    return {"upload_form": upload_form, "run_form": forms.RunForm(),
            "jobs": selectors.jobs_visible(user=request.user)[:15], "snapshots": selectors.snapshots_latest(),
            "active_run": services.run_active()}


@login_required
@require_POST
def upload_view(request):
    """Errors are shown next to their field on the same page (status 400), nothing is kept."""
    _operator(request)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            upload = services.upload_save(file=d["file"], kind=d["kind"], roster_kind=d.get("roster_kind") or "",
                                          as_of=d["as_of"], sheet=d.get("sheet") or "", user=request.user)
            return redirect("jobs:upload", upload_id=upload.pk)
        except UserError as exc:
            form.add_error(FIELD_OF_ERROR.get(exc.code), str(exc))
    return render(request, "jobs/home.html", _home_context(request, form), status=400)


@login_required
def upload_detail_view(request, upload_id):
    """What was detected (encoding, separator, header row, columns, preview); confirm or correct."""
    _operator(request)
    upload = selectors.upload_visible(user=request.user, upload_id=upload_id)
    if upload is None:
        raise Http404(_("Unggahan tidak ditemukan."))
    if upload.job_id:
        return redirect("jobs:job", job_id=upload.job_id)
    try:
        detection = selectors.upload_detect(upload)
    except UserError as exc:
        return render(request, "jobs/upload.html", {"upload": upload, "error": str(exc),
                                                     "kind_name": dict(forms.KIND_CHOICES).get(upload.kind)}, status=400)
    labels = selectors.column_labels()
    Form = forms.mapping_form(detection, labels)
    form = Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        columns = {k[4:]: v for k, v in form.cleaned_data.items()}  # "" = not in the file
        chosen = [v for v in columns.values() if v]
        if len(chosen) != len(set(chosen)):
            form.add_error(None, _("Satu kolom berkas dipilih untuk dua isian; periksa lagi."))
        else:
            job = services.job_import_submit(upload=upload, columns=columns, user=request.user)
            return redirect("jobs:job", job_id=job.pk)
    return render(request, "jobs/upload.html", {
        "upload": upload, "d": detection, "form": form, "labels": labels, "kind_name": dict(forms.KIND_CHOICES).get(upload.kind),
        "preview": selectors.preview_masked(detection, user=request.user),
        "masked": not scope_for(request.user).sees_full_nik})


@login_required
def job_view(request, job_id: int):
    _operator(request)
    job = selectors.job_visible(user=request.user, job_id=job_id)
    if job is None:
        raise Http404(_("Pekerjaan tidak ditemukan."))
    return render(request, "jobs/job.html", {"job": job, **selectors.job_page(job)})


@login_required
def jobs_view(request):
    _operator(request)
    return render(request, "jobs/jobs.html", {"jobs": selectors.jobs_visible(user=request.user)[:200]})


def _job_act(request, job_id: int, act) -> object:
    _operator(request)
    job = selectors.job_visible(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    try:
        job = act(job=job, user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("jobs:job", job_id=job.pk)


@login_required
@require_POST
def job_cancel_view(request, job_id: int):
    return _job_act(request, job_id, services.job_cancel)


@login_required
@require_POST
def job_retry_view(request, job_id: int):
    return _job_act(request, job_id, services.job_retry)


@login_required
@require_POST
def run_start_view(request):
    _operator(request)
    form = forms.RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tanggal acuan tidak sah; gunakan pemilih tanggal atau kosongkan."))
        return redirect("jobs:home")
    try:
        job = services.job_run_submit(as_of=form.cleaned_data.get("as_of"), user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("jobs:home")
    return redirect("jobs:job", job_id=job.pk)


@login_required
def quarantine_download_view(request, snapshot_id: int):
    """The quarantined rows of a snapshot as XLSX (original headers + reason), audited."""
    _operator(request)
    snap = selectors.snapshot_or_none(snapshot_id=snapshot_id)
    if snap is None or not snap.rows_quarantined:
        raise Http404(_("Snapshot ini tidak punya baris karantina."))
    from cakupan.registries.quarantine import quarantine_export

    folder = Path(settings.CAKUPAN_HOME) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkstemp(dir=folder, suffix=".xlsx")[1])
    n = quarantine_export(snapshot_id=snap.pk, path=tmp)
    audit_record(user=request.user, action="quarantine_download", scope=scope_for(request.user).label, rows=n,
                 detail={"snapshot": snap.pk, "kind": snap.kind, "roster_kind": snap.roster_kind,
                         "purpose": "perbaikan"})  # quarantined rows leave only to be fixed (EXPORT_PURPOSES)
    fh = tmp.open("rb")
    tmp.unlink()  # the open handle keeps the bytes until the response is sent (POSIX)
    name = f"karantina-{snap.kind}{'-' + snap.roster_kind if snap.roster_kind else ''}-{snap.pk}.xlsx"
    return FileResponse(fh, as_attachment=True, filename=name)


@login_required
@require_POST
def fix_upload_view(request, snapshot_id: int):
    """Upload the fixed quarantine file against its snapshot: confirm columns, then a merge job."""
    _operator(request)
    snap = selectors.snapshot_or_none(snapshot_id=snapshot_id)
    form = forms.FixForm(request.POST, request.FILES)
    if snap is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Pilih berkas perbaikan (XLSX atau CSV)."))
        return redirect("jobs:home")
    try:
        upload = services.upload_save(file=form.cleaned_data["file"], kind=snap.kind, roster_kind=snap.roster_kind,
                                      as_of=snap.as_of, fix_of=snap.pk, user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("jobs:home")
    return redirect("jobs:upload", upload_id=upload.pk)
