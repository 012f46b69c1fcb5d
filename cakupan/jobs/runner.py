"""Run one job inside a worker: mark it running, call its handler with a progress callback, record
the result or a one-line error. The handlers call the domain services (registries imports and
fixes, the run orchestrator); those are crash-safe on their own (files renamed into place inside
the transaction that records them; a run is visible only once DONE)."""
from __future__ import annotations

import logging
import os
import socket
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from cakupan.errors import UserError

from .handlers import HANDLERS
from .models import Job

log = logging.getLogger(__name__)


def worker_id() -> str:
    return f"{socket.gethostname()[:50]}:{os.getpid()}"  # the queue allows 64 characters


class Reporter:
    """progress(fraction, step text): writes at most twice a second (and on every new step)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last_step = None
        self.last_write = 0.0
        self.delay = float(getattr(settings, "CAKUPAN_JOB_STEP_DELAY", 0) or 0)

    def __call__(self, fraction: float, step: str) -> None:
        now = time.monotonic()
        new_step = step != self.last_step
        if not new_step and now - self.last_write < 0.5:
            return
        Job.objects.filter(pk=self.job_id).update(
            progress=min(1.0, max(0.0, float(fraction))), step=step[:200], heartbeat_at=timezone.now())
        self.last_step, self.last_write = step, now
        if new_step and self.delay:
            time.sleep(self.delay)


def job_execute(*, job_id: int) -> None:
    close_old_connections()
    n = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), worker=worker_id(),
        step="Mulai", progress=0.0)
    if not n:  # cancelled before a worker took it, or already taken
        log.info("job %s not queued any more; skipped", job_id)
        return
    job = Job.objects.get(pk=job_id)
    report = Reporter(job_id)
    try:
        result, message = HANDLERS[job.kind](job, report)
    except UserError as exc:
        _finish(job_id, Job.Status.FAILED, message=_one_line(str(exc)), result={"error_code": exc.code})
        return
    except Exception as exc:  # noqa: BLE001 - the job fails with a line; the trace goes to the log
        log.exception("job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED,
                message=_one_line(f"Galat tak terduga ({type(exc).__name__}): {exc}"), result=None)
        return
    _finish(job_id, Job.Status.DONE, message=_one_line(message), result=result)


def _finish(job_id: int, status: str, *, message: str, result) -> None:
    close_old_connections()
    fields = {"status": status, "message": message, "result": result, "finished_at": timezone.now(),
              "heartbeat_at": timezone.now()}
    if status == Job.Status.DONE:
        fields.update(progress=1.0, step="Selesai")
    Job.objects.filter(pk=job_id).update(**fields)


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line[:500]
