"""`cakupan worker`: take jobs from the database queue (django-tasks-db's worker loop) one at a
time. On start it first settles jobs a killed worker left RUNNING: they are marked FAILED with a
message (nothing of them is visible: imports and runs only appear once recorded), and can be run
again from their page."""
from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from django.utils import timezone

from cakupan.core.processes import pid_alive

from .models import Job
from .runner import worker_id

log = logging.getLogger(__name__)
STALE = timedelta(hours=1)  # a job on another host with no sign of life for this long is dead


def _dead(job: Job, now) -> bool:
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname()[:50] and pid.isdigit():
        return int(pid) != os.getpid() and not pid_alive(int(pid))
    beat = job.heartbeat_at or job.started_at
    return beat is None or now - beat > STALE


def jobs_recover() -> list[int]:
    """Mark jobs whose worker died FAILED (and a run they had started); returns their ids."""
    from django_tasks_db.models import DBTaskResult

    from cakupan.coverage.services import runs_abandoned_fail

    now = timezone.now()
    settled = []
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        if not _dead(job, now):
            continue
        at = timezone.localtime(job.heartbeat_at or job.started_at or now).strftime("%H:%M")
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, finished_at=now,
            message=f"Pekerja berhenti di tengah pekerjaan (kabar terakhir pukul {at}, langkah: {job.step}); "
            "tidak ada hasil yang disimpan. Jalankan lagi.")
        if job.kind == Job.Kind.RUN and job.started_at:
            runs_abandoned_fail(started_since=job.started_at)
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(status="FAILED", finished_at=now)
        settled.append(job.pk)
        log.warning("job %s left running by dead worker %s: marked failed", job.pk, job.worker)
    return settled


def worker_run(*, once: bool = False, interval: float = 1.0) -> None:
    """Blocks: runs queued jobs as they come (`once`: until the queue is empty)."""
    from django_tasks_db.management.commands.db_worker import Worker

    jobs_recover()
    worker = Worker(queue_names=["default"], interval=interval, batch=once, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id(), excluded_queue_names=[])
    if not once:
        worker.configure_signals()
    log.info("worker %s started", worker_id())
    worker.run()
