"""Users' roles and scopes, and the audit log of every look at personal data."""
from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    ANALIS = "analis", "Analis cabang"
    KEPATUHAN = "kepatuhan", "Tim kepatuhan"
    KAPANEWON = "kapanewon", "Operator kapanewon"
    KALURAHAN = "kalurahan", "Operator kalurahan"
    MITRA = "mitra", "Mitra"
    PIMPINAN = "pimpinan", "Pimpinan"
    OPERATOR = "operator", "Operator data"  # uploads extracts and starts runs (issue 13)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=12, choices=Role.choices)
    area_code = models.CharField(max_length=24, blank=True, default="")  # kapanewon/kalurahan operators
    org = models.CharField(max_length=120, blank=True, default="")  # mitra: DKUKMPP, one OPD, ...
    ecosystems = models.JSONField(default=list, blank=True)  # mitra: ecosystems it works in

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["kapanewon", "kalurahan"]) | ~models.Q(area_code=""),
                name="area_operator_has_area",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="mitra") | ~models.Q(org=""), name="mitra_has_org"
            ),
        ]


class AuditLog(models.Model):
    """Grain: one row per view, export or reveal of person-level data."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=40)  # view_persons | export_persons | reveal_nik | ...
    scope = models.CharField(max_length=200)  # e.g. "kalurahan 34.02.01.2001"
    rows = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
