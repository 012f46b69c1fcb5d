"""Run retention: old runs and their folders go, the figures people rely on stay.

    runs_expire(older_than_days=30)              # -> [ExpiredRun(id, as_of, status, folder, reason)]
    runs_expire(older_than_days=30, dry_run=True)
    run_folders_sweep()                           # at start: folders of dead and failed runs

A run older than CAKUPAN_RUN_RETENTION_DAYS (default 30; `cakupan prune`) is deleted with its rows
(facts, persons, flows, review items, links, roster status: they cascade) and its folder, unless it
is the latest published run, the latest published run of its as-of month (the month's figures),
or something refers to it that must keep pointing at it (a worklist, a target, a report: any
PROTECT relation, or a relation from the targets or reports app). So what goes is superseded
reruns of a month and failed runs; every prune is logged (cakupan.runs.retention)."""
from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from cakupan.coverage.models import CoverageRun
from cakupan.core.locks import home_lock

log = logging.getLogger(__name__)
REFERRING_APPS = {"targets", "reports"}  # a target or a report names its run: never pruned under it


@dataclass(frozen=True)
class ExpiredRun:
    id: int
    as_of: date
    status: str
    folder: str  # relative to CAKUPAN_HOME; "" when it had none


def _home() -> Path:
    return Path(settings.CAKUPAN_HOME)


def _referenced_ids(candidates: set[int]) -> set[int]:
    """Runs among `candidates` that a worklist, target or report refers to."""
    held: set[int] = set()
    for rel in CoverageRun._meta.get_fields(include_hidden=True):  # related_name="+" relations are hidden
        if not isinstance(rel, models.ManyToOneRel):
            continue
        model = rel.related_model
        if rel.on_delete is not models.PROTECT and model._meta.app_label not in REFERRING_APPS:
            continue
        field = rel.field.name
        held |= set(model.objects.filter(**{f"{field}__in": candidates}).values_list(field, flat=True))
    return held


def runs_expire(*, older_than_days: int, dry_run: bool = False) -> list[ExpiredRun]:
    """Delete runs started more than `older_than_days` ago but the ones kept (module docstring),
    rows and folders; returns what was (with dry_run: would be) deleted, oldest first."""
    if older_than_days < 0:
        from cakupan.errors import UserError

        raise UserError("Masa simpan tidak boleh negatif (retention days must be 0 or more).", code="prune.days")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    done = CoverageRun.objects.filter(status=CoverageRun.Status.DONE)
    keep = set()
    latest = done.order_by("-as_of", "-id").values_list("pk", flat=True).first()
    if latest:
        keep.add(latest)
    for as_of in done.values_list("as_of", flat=True).distinct():
        keep.add(done.filter(as_of=as_of).order_by("-id").values_list("pk", flat=True).first())
    old = CoverageRun.objects.filter(started_at__lt=cutoff).exclude(status=CoverageRun.Status.STARTED)
    candidates = {pk for pk in old.values_list("pk", flat=True) if pk not in keep}
    candidates -= _referenced_ids(candidates)
    runs = list(CoverageRun.objects.filter(pk__in=candidates).order_by("started_at", "id"))
    expired = [ExpiredRun(r.pk, r.as_of, r.status, r.run_dir) for r in runs]
    if dry_run or not runs:
        return expired
    with home_lock("maintenance", shared=False):  # never while a backup copies the folders
        with transaction.atomic():
            CoverageRun.objects.filter(pk__in=candidates).delete()
        for r in expired:
            _folder_remove(r.folder)
            log.info("prune: run %s (as of %s, %s) deleted with its folder %s", r.id, r.as_of, r.status,
                     r.folder or "-")
    return expired


def _folder_remove(rel: str) -> bool:
    if not rel:
        return False
    folder = (_home() / rel).resolve()
    if not folder.is_relative_to(_home().resolve() / "runs") or not folder.is_dir():
        return False  # only ever a folder under CAKUPAN_HOME/runs
    shutil.rmtree(folder, ignore_errors=True)
    return True


def run_folders_sweep(*, home: Path | None = None) -> list[Path]:
    """Folders under CAKUPAN_HOME/runs that no run owns (its process was killed before publishing)
    or whose run FAILED: removed, returned. Call it only while holding home_lock("files")
    exclusively (cakupan.home.home_sweep): then no run is writing one."""
    root = (home or _home()) / "runs"
    if not root.is_dir():
        return []
    rows = dict(CoverageRun.objects.values_list("run_dir", "status"))
    removed = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        rel = str(folder.relative_to(root.parent))
        if rows.get(rel) not in (None, CoverageRun.Status.FAILED):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
        log.warning("sweep: removed run folder %s (%s)", rel, "failed run" if rel in rows else "no run recorded")
    return removed
