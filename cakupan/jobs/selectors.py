"""Reads for jobs, scoped: the operation roles see every job, others none of them."""
from __future__ import annotations

from django.db.models import QuerySet

from cakupan.accounts.scope import scope_for

from .models import Job, Upload


def can_operate(*, user) -> bool:
    return scope_for(user).can_operate


def jobs_visible(*, user) -> QuerySet:
    if not scope_for(user).can_operate:
        return Job.objects.none()
    return Job.objects.select_related("created_by")


def job_visible(*, user, job_id) -> Job | None:
    try:
        return jobs_visible(user=user).filter(pk=int(job_id)).first()
    except (TypeError, ValueError):
        return None


def upload_visible(*, user, upload_id) -> Upload | None:
    if not scope_for(user).can_operate:
        return None
    try:
        return Upload.objects.filter(pk=upload_id).first()
    except Exception:  # noqa: BLE001 - not a UUID
        return None


def job_as_json(job: Job) -> dict:
    """The job API's shape: {"id", "kind", "status", "progress", "step", "message", "result", ...}."""
    return {
        "id": job.pk, "kind": job.kind, "status": job.status, "progress": round(job.progress, 4),
        "step": job.step, "message": job.message, "result": job.result, "params": _public(job.params),
        "created_by": job.created_by_name, "created_at": job.created_at, "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def _public(params: dict) -> dict:
    """Parameters without server paths."""
    return {k: v for k, v in (params or {}).items() if k not in ("path", "upload")}
