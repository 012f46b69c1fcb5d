"""Writes for jobs: receive an upload, submit an import / fix / run job, cancel, retry.

    upload = upload_save(file=request.FILES["file"], kind="population", as_of=date(2023, 2, 27), user=u)
    job = job_import_submit(upload=upload, columns={"nik": "NO_KTP"}, user=u)
    job = job_run_submit(as_of=None, user=u)

Only the operation roles (admin, operator) may submit (accounts.scope.Scope.can_operate); every
submission is in the audit log. A job is a Job row plus a task on the database queue, written in
one transaction, so a worker never sees one without the other.
"""
from __future__ import annotations

import re
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts.scope import audit_record, scope_for
from cakupan.core.vocab import ROSTER_KINDS
from cakupan.errors import UserError

from .models import Job, Upload

KINDS = ("population", "members", "roster")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _home() -> Path:
    return Path(settings.CAKUPAN_HOME)


def _require_operator(user) -> None:
    if not scope_for(user).can_operate:
        raise PermissionError("Hanya operator data dan admin yang boleh mengunggah dan menjalankan proses.")


def _check_kind(kind: str, roster_kind: str) -> None:
    if kind not in KINDS:
        raise UserError(f"Jenis data '{kind}' tidak dikenal; pilih population, members atau roster.",
                        code="upload.kind")
    if kind == "roster" and roster_kind not in ROSTER_KINDS:
        raise UserError(f"Jenis daftar '{roster_kind or '(kosong)'}' tidak dikenal; pilih salah satu: "
                        f"{', '.join(ROSTER_KINDS.codes)}.", code="upload.roster_kind")


EARLIEST = date(2000, 1, 1)


def as_of_check(as_of: date | None) -> None:
    """A data date is not before 2000 and not in the future (a month of slack for time zones)."""
    if as_of is None:
        return
    latest = timezone.localdate() + timedelta(days=31)
    if not EARLIEST <= as_of <= latest:
        raise UserError(f"Tanggal data {as_of:%d-%m-%Y} tidak masuk akal: harus antara 01-01-2000 dan "
                        f"{latest:%d-%m-%Y}.", code="upload.as_of")


def upload_save(*, file, kind: str, as_of: date, user, roster_kind: str = "", fix_of: int | None = None,
                sheet: str = "") -> Upload:
    """Keep an uploaded file (Django has already streamed it to disk in chunks) under
    CAKUPAN_HOME/uploads/<id>/<name>, moved, not read into memory."""
    _require_operator(user)
    roster_kind = roster_kind if kind == "roster" else ""
    _check_kind(kind, roster_kind)
    as_of_check(as_of)
    size = getattr(file, "size", 0) or 0
    if size == 0:
        raise UserError("Berkas kosong: tidak ada yang bisa diimpor.", code="upload.empty")
    if size > settings.CAKUPAN_MAX_UPLOAD_BYTES:
        raise UserError(f"Berkas terlalu besar ({size // 2**20} MB; batas "
                        f"{settings.CAKUPAN_MAX_UPLOAD_BYTES // 2**20} MB).", code="upload.too_large")
    uid = uuid.uuid4()
    name = _UNSAFE.sub("_", Path(getattr(file, "name", "") or "berkas").name)[-120:] or "berkas"
    folder = _home() / "uploads" / str(uid)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    temp = getattr(file, "temporary_file_path", None)
    if temp is not None:
        shutil.move(temp(), target)
    else:
        with target.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
    upload = Upload.objects.create(
        id=uid, kind=kind, roster_kind=roster_kind, as_of=as_of, fix_of=fix_of, file_name=name,
        path=str(target.relative_to(_home())), size=target.stat().st_size, sheet=sheet or "", created_by=user,
    )
    audit_record(user=user, action="upload", scope=scope_for(user).label,
                 detail={"upload": str(uid), "kind": kind, "roster_kind": roster_kind, "file": name,
                         "bytes": upload.size, "fix_of": fix_of})
    return upload


def upload_path(upload: Upload) -> Path:
    return _home() / upload.path


def _submit(*, kind: str, params: dict, user, retry_of: Job | None = None) -> Job:
    from .tasks import job_task

    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=user, retry_of=retry_of,
                                 created_by_name=getattr(user, "username", "") or "system",
                                 step=str(_("Menunggu pekerja")))
        result = job_task.enqueue(job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


def job_import_submit(*, upload: Upload, user, columns: dict[str, str] | None = None) -> Job:
    """The import (or, with upload.fix_of, the quarantine fix) of a confirmed upload."""
    _require_operator(user)
    if upload.job_id is not None:
        raise UserError(f"Berkas ini sudah diproses sebagai pekerjaan #{upload.job_id}.", code="upload.used")
    params = {"upload": str(upload.pk), "kind": upload.kind, "roster_kind": upload.roster_kind,
              "as_of": upload.as_of.isoformat(), "path": upload.path, "file_name": upload.file_name,
              "sheet": upload.sheet or None, "columns": columns or None, "fix_of": upload.fix_of}
    job = _submit(kind=Job.Kind.MERGE if upload.fix_of else Job.Kind.IMPORT, params=params, user=user)
    Upload.objects.filter(pk=upload.pk).update(job=job)
    audit_record(user=user, action="import_start", scope=scope_for(user).label,
                 detail={"job": job.pk, "upload": str(upload.pk), "kind": upload.kind, "fix_of": upload.fix_of})
    return job


def run_active() -> Job | None:
    return Job.objects.filter(kind=Job.Kind.RUN, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()


def job_run_submit(*, user, as_of: date | None = None) -> Job:
    """A link + coverage + publish run. One at a time: a second is refused while one waits or runs."""
    _require_operator(user)
    as_of_check(as_of)
    with transaction.atomic():
        active = run_active()
        if active is not None:
            raise UserError(
                f"Run #{active.pk} ({active.get_status_display().lower()}, dimulai oleh "
                f"{active.created_by_name or 'sistem'}) belum selesai; tunggu sampai selesai.",
                code="run.busy")
        job = _submit(kind=Job.Kind.RUN, params={"as_of": as_of.isoformat() if as_of else None}, user=user)
    audit_record(user=user, action="run_start", scope=scope_for(user).label,
                 detail={"job": job.pk, "as_of": job.params["as_of"]})
    return job


def job_cancel(*, job: Job, user) -> Job:
    """Cancel a job still waiting in the queue (a running job cannot be cancelled safely)."""
    _require_operator(user)
    n = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, finished_at=timezone.now(), message=_("Dibatalkan sebelum dijalankan."))
    if not n:
        raise UserError("Hanya pekerjaan yang masih menunggu yang bisa dibatalkan.", code="job.not_queued")
    audit_record(user=user, action="job_cancel", scope=scope_for(user).label, detail={"job": job.pk})
    job.refresh_from_db()
    return job


def job_retry(*, job: Job, user) -> Job:
    """Start a failed or cancelled job again with the same parameters (the file is kept)."""
    _require_operator(user)
    if job.status not in (Job.Status.FAILED, Job.Status.CANCELLED):
        raise UserError("Hanya pekerjaan yang gagal atau dibatalkan yang bisa dijalankan lagi.", code="job.not_failed")
    if job.kind == Job.Kind.RUN:
        as_of = date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else None
        return job_run_submit(user=user, as_of=as_of)
    new = _submit(kind=job.kind, params=dict(job.params), user=user, retry_of=job)
    audit_record(user=user, action="import_start", scope=scope_for(user).label,
                 detail={"job": new.pk, "retry_of": job.pk})
    return new
