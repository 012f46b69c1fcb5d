"""Clerical review of uncertain links. Decisions outlive runs and are re-applied by the next run."""
from django.conf import settings
from django.db import models


class ReviewItem(models.Model):
    """Grain: one row per run x member record x candidate person in the review band."""

    run = models.ForeignKey("coverage.CoverageRun", on_delete=models.CASCADE, related_name="review_items")
    member_key = models.CharField(max_length=40)  # kpj, or "row:<n>" when the record has none
    kpj = models.CharField(max_length=20, blank=True, default="")
    candidate_nik = models.CharField(max_length=16)
    match_probability = models.FloatField()
    reasons = models.TextField()  # plain Indonesian, e.g. "nama mirip (Soeparman ~ Suparman), ..."
    member = models.JSONField(default=dict)  # nama, nik, tanggal_lahir, jenis_kelamin, kode_wilayah
    candidate = models.JSONField(default=dict)
    kalurahan_code = models.CharField(max_length=24, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["run", "member_key"])]


class ReviewDecision(models.Model):
    class Decision(models.TextChoices):
        ACCEPT = "accept", "Terima"
        REJECT = "reject", "Tolak"

    member_key = models.CharField(max_length=40)
    candidate_nik = models.CharField(max_length=16)
    decision = models.CharField(max_length=6, choices=Decision.choices)
    note = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member_key", "candidate_nik"], name="one_decision_per_pair")
        ]
