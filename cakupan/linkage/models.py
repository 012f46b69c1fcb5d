"""Clerical review of uncertain links (decisions outlive runs and are re-applied by the next run)
and the published member -> person links of a run.

    ReviewItem.objects.filter(run=run); MemberLink.objects.filter(run=run, person_nik=nik)
"""
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


class MemberLink(models.Model):
    """Grain: one row per run x member record linked to a person (links.parquet rows with a
    person_nik). What a subject access request shows about a person's links (cakupan.privacy);
    pruned with the run's other person-level rows."""

    run = models.ForeignKey("coverage.CoverageRun", on_delete=models.CASCADE, related_name="member_links")
    member_key = models.CharField(max_length=40)
    kpj = models.TextField(null=True)
    person_nik = models.CharField(max_length=16)
    method = models.CharField(max_length=16, null=True)
    match_probability = models.FloatField(null=True)
    reasons = models.TextField(null=True)

    class Meta:
        indexes = [models.Index(fields=["run", "person_nik"])]
