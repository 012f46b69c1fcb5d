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


def snapshots_latest(*, limit: int = 30) -> list:
    """Snapshots newest first (each kind's history), for the operation page."""
    from cakupan.registries.models import Snapshot

    return list(Snapshot.objects.order_by("-loaded_at", "-id")[:limit])


def snapshot_or_none(*, snapshot_id: int):
    from cakupan.registries.models import Snapshot

    return Snapshot.objects.filter(pk=snapshot_id).first()


def upload_detect(upload: Upload):
    from cakupan.registries.detect import extract_detect

    from .services import upload_path

    return extract_detect(path=upload_path(upload), kind=upload.kind, roster_kind=upload.roster_kind,
                          sheet=upload.sheet or None)


def column_labels() -> dict[str, str]:
    from cakupan.registries.columns import COLUMN_LABELS

    return dict(COLUMN_LABELS)


def preview_masked(detection, *, user) -> list[list[str]]:
    """The preview rows, with the NIK column masked for roles that do not see full NIKs."""
    from cakupan.accounts.scope import mask_nik

    header = detection.mapping.get("nik")
    if scope_for(user).sees_full_nik or header not in detection.headers:
        return detection.preview
    i = detection.headers.index(header)
    return [[mask_nik(c) if j == i else c for j, c in enumerate(row)] for row in detection.preview]


def job_page(job: Job) -> dict:
    """What the job page shows beside the job: the import's reasons in words, its snapshot."""
    from cakupan.registries.reasons import ROW_REASONS, ROW_WARNINGS

    out: dict = {"reasons": [], "warnings": [], "snapshot": None}
    res = job.result or {}
    if job.kind in (Job.Kind.IMPORT, Job.Kind.MERGE) and res.get("snapshot_id"):
        out["snapshot"] = snapshot_or_none(snapshot_id=res["snapshot_id"])
        out["reasons"] = [(c, n, ROW_REASONS.get(c, "")) for c, n in (res.get("reasons") or {}).items()]
        out["warnings"] = [(c, n, ROW_WARNINGS.get(c, "")) for c, n in (res.get("warnings") or {}).items()]
    return out
