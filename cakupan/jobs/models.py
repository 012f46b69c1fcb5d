"""A job (import, quarantine fix, coverage run) and an upload waiting for the officer's
confirmation. Grain: one Job row per submission; one Upload row per file received."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("Impor data")
        MERGE = "merge", _("Perbaikan karantina")
        RUN = "run", _("Run cakupan")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    params = models.JSONField(default=dict)  # what to do: kind, as_of, file, column mapping, ...
    progress = models.FloatField(default=0.0)  # 0..1
    step = models.CharField(max_length=200, blank=True, default="")  # the current step in words
    message = models.TextField(blank=True, default="")  # one line: the outcome or the error
    result = models.JSONField(null=True, blank=True)  # import report / run figures
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True, default="")  # host:pid that runs it
    task_id = models.CharField(max_length=64, blank=True, default="")  # the queue's task result id
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__gte=0) & models.Q(progress__lte=1),
                                   name="job_progress_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)


class Upload(models.Model):
    """A file received (streamed to CAKUPAN_HOME/uploads/<id>/), detected, waiting for the officer
    to confirm the column mapping; confirming makes the import (or fix) job."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=12)  # population | members | roster
    roster_kind = models.CharField(max_length=20, blank=True, default="")
    as_of = models.DateField()
    fix_of = models.PositiveIntegerField(null=True, blank=True)  # snapshot id whose quarantine this fixes
    file_name = models.CharField(max_length=255)
    path = models.CharField(max_length=500)  # relative to CAKUPAN_HOME
    size = models.BigIntegerField(default=0)
    sheet = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads")

    class Meta:
        ordering = ["-created_at"]
