"""Monthly reports sent by e-mail: who receives them per area, and the archive of every report made.

Grain: ReportRecipient one row per area x e-mail address; SentReport one row per report made for a
run and an area (a failed attempt is retried on the same row; a forced resend adds a row)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportRecipient(models.Model):
    area_code = models.CharField(_("kode wilayah"), max_length=24)  # kabupaten, kapanewon or kalurahan
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("nama"), max_length=120, blank=True, default="")
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penerima laporan")
        verbose_name_plural = _("penerima laporan")
        ordering = ["area_code", "email"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "email"], name="recipient_once_per_area"),
            models.CheckConstraint(condition=~models.Q(area_code=""), name="recipient_has_area"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.area_code})"


class SentReport(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")
        SAVED = "saved", _("tersimpan (tanpa penerima)")

    run = models.ForeignKey("coverage.CoverageRun", null=True, on_delete=models.SET_NULL, related_name="+")
    area_code = models.CharField(max_length=24)
    as_of = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True, default="")
    pdf_path = models.CharField(max_length=300, blank=True, default="")  # relative to CAKUPAN_HOME
    xlsx_path = models.CharField(max_length=300, blank=True, default="")
    recipients = models.JSONField(default=list, blank=True)  # ["nama <email>", ...] at the time of sending
    status = models.CharField(max_length=8, choices=Status.choices)
    error = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("laporan terkirim")
        verbose_name_plural = _("laporan terkirim")
        ordering = ["-as_of", "area_code", "-id"]
        indexes = [models.Index(fields=["run", "area_code"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["sent", "failed", "saved"]), name="sent_report_status"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.as_of} ({self.status})"
