"""Targets: a coverage % or a count of active members for an area (optionally one ecosystem or
segment) by a due date, measured from a baseline date. Written only by cakupan.targets.services.

Grain: one row per target. A kabupaten target allocated down has one child per kapanewon, and each
of those one child per kalurahan (parent -> children); children are counts.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cakupan.core.areas import level_of
from cakupan.core.vocab import SEGMENTS


class Target(models.Model):
    class Kind(models.TextChoices):
        PCT = "pct", "Persen"
        COUNT = "count", "Jumlah peserta aktif"

    class Rule(models.TextChoices):
        NONE = "", "Ditetapkan langsung"
        EQUAL_RATE = "equal_rate", "Persentase sama"
        PROPORTIONAL_UNCOVERED = "proportional_uncovered", "Sebanding dengan yang belum tercakup"

    area = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="targets")
    ecosystem = models.CharField(max_length=24, blank=True, default="")
    segment = models.CharField(max_length=8, blank=True, default="")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)  # % (kind pct) or members (count)
    target_count = models.PositiveIntegerField()  # active members to reach, resolved at set time
    baseline_as_of = models.DateField()
    baseline_workforce = models.PositiveIntegerField()
    baseline_active = models.PositiveIntegerField()
    due = models.DateField()
    rule = models.CharField(max_length=24, choices=Rule.choices, blank=True, default="")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    manual_override = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["pct", "count"]), name="target_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="pct") | (Q(value__gt=0) & Q(value__lte=100)), name="target_pct_range"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_nonnegative"),
            models.CheckConstraint(condition=Q(due__gt=F("baseline_as_of")), name="target_due_after_baseline"),
            models.CheckConstraint(
                condition=Q(segment__in=["", *SEGMENTS.codes]), name="target_segment_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="pct") | Q(segment=""), name="target_segment_is_count"
            ),
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(rule="") & Q(manual_override=False))
                | (Q(parent__isnull=False) & Q(kind="count") & ~Q(rule="")),
                name="target_child_has_rule",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=["", "equal_rate", "proportional_uncovered"]), name="target_rule_valid"
            ),
            models.UniqueConstraint(fields=["parent", "area"], name="target_child_once"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.value} ({self.kind}) s.d. {self.due}"

    @property
    def level(self) -> str:
        level = level_of(self.area_id)
        return level if level in ("kabupaten", "kapanewon", "kalurahan") else "wilayah"
