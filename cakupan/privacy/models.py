"""What privacy owns: data subjects' requests (deletion, rectification), the tombstones and
overrides they leave, and the breach register (UU 27/2022; docs/privacy.md).

Grains:
- SubjectRequest: one row per request received from (or for) a data subject, never deleted;
- Tombstone: one row per NIK erased on request; every person-level read and every future run
  leaves that NIK out (the snapshots stay as they were: the tombstone is applied on read);
- Override: one row per NIK with a rectified name and/or birth date, applied on read and in
  future runs;
- Breach: one row per personal data breach found, with its 3 x 24 hour notice deadline.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models

NOTICE_HOURS = 72  # UU 27/2022 art. 46 (1): notice within 3 x 24 hours of finding the breach


class SubjectRequest(models.Model):
    class Kind(models.TextChoices):
        DELETION = "deletion", "Penghapusan"
        RECTIFICATION = "rectification", "Pembetulan"

    nik = models.CharField(max_length=16, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField()
    requested_by = models.CharField(max_length=200)  # the subject, or who asked on their behalf
    received_at = models.DateTimeField()
    nama = models.CharField(max_length=200, blank=True, default="")  # rectification: corrected name
    birth_date = models.DateField(null=True, blank=True)  # rectification: corrected birth date
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    rows_affected = models.JSONField(default=dict, blank=True)  # what it changed when recorded

    class Meta:
        ordering = ["-received_at", "-id"]
        permissions = [("dpo", "Pejabat pelindungan data pribadi (DPO): permintaan subjek dan kebocoran")]

    @property
    def deadline(self):
        """Carry it out within 3 x 24 hours of receiving it (UU 27/2022 art. 30 ~ for rectification;
        the same yardstick is applied to deletion)."""
        return self.received_at + timedelta(hours=NOTICE_HOURS)

    @property
    def late(self) -> bool:
        """Carried out (recorded: the service carries it out at once) after the deadline."""
        return self.recorded_at is not None and self.recorded_at > self.deadline


class Tombstone(models.Model):
    nik = models.CharField(max_length=16, unique=True)
    request = models.ForeignKey(SubjectRequest, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Override(models.Model):
    nik = models.CharField(max_length=16, unique=True)
    nama = models.CharField(max_length=200, blank=True, default="")
    birth_date = models.DateField(null=True, blank=True)
    request = models.ForeignKey(SubjectRequest, on_delete=models.PROTECT, related_name="+")  # the latest
    updated_at = models.DateTimeField(auto_now=True)


class Breach(models.Model):
    what = models.TextField()  # what happened
    found_at = models.DateTimeField()
    data_affected = models.TextField()  # which data (NIK, birth dates, statuses...)
    people_affected = models.PositiveIntegerField(null=True, blank=True)
    subjects_notified_at = models.DateTimeField(null=True, blank=True)
    authority_notified_at = models.DateTimeField(null=True, blank=True)  # lembaga PDP (Komdigi until it exists)
    notified = models.TextField(blank=True, default="")  # who was notified, how
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "-id"]

    @property
    def deadline(self):
        return self.found_at + timedelta(hours=NOTICE_HOURS)

    @property
    def notified_in_full(self) -> bool:
        return self.subjects_notified_at is not None and self.authority_notified_at is not None
