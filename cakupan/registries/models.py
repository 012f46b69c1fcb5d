"""Registry snapshots: one immutable, dated row per imported file.

The rows themselves live in Parquet under CAKUPAN_HOME/snapshots/<kind>/ (see docs/contracts.md);
this table holds the metadata and is written in the same step as the file is renamed into place.
"""
from django.conf import settings
from django.db import models


class Snapshot(models.Model):
    class Kind(models.TextChoices):
        POPULATION = "population", "Penduduk (Dukcapil)"
        MEMBERS = "members", "Peserta (BPJS TK)"
        ROSTER = "roster", "Daftar (roster)"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    roster_kind = models.CharField(max_length=20, blank=True, default="")
    as_of = models.DateField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_loaded = models.PositiveIntegerField()
    rows_quarantined = models.PositiveIntegerField()
    reasons = models.JSONField(default=dict)  # {reason code: count}
    data_path = models.CharField(max_length=500)  # relative to CAKUPAN_HOME
    quarantine_path = models.CharField(max_length=500, blank=True, default="")
    occupation_mapping_version = models.PositiveIntegerField(null=True, blank=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    loaded_by_name = models.CharField(max_length=150, blank=True, default="")
    loaded_at = models.DateTimeField(auto_now_add=True)
    # the officer's column choice at import (canonical -> header text); empty when automatic
    column_map = models.JSONField(default=dict, blank=True)
    # a merge (registries.merge): the snapshot whose quarantined rows were fixed, how many of them now
    # load, and {"parent": id, "fixed_rows": [original row numbers] (or their count when many), ...}
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    merged_rows = models.PositiveIntegerField(default=0)
    lineage = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "roster_kind", "file_sha256"], name="snapshot_once_per_file"),
            models.CheckConstraint(
                condition=models.Q(rows_read=models.F("rows_loaded") + models.F("rows_quarantined")),
                name="snapshot_rows_accounted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{'/' + self.roster_kind if self.roster_kind else ''} {self.as_of} #{self.pk}"


class OccupationMappingVersion(models.Model):
    """A version of the Dukcapil occupation -> workforce/ecosystem mapping. A change (file or
    admin) makes a new version; each population snapshot records the version it used."""

    version = models.PositiveIntegerField(unique=True)
    note = models.CharField(max_length=255, blank=True, default="")
    source = models.CharField(max_length=255, blank=True, default="")
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]


class Occupation(models.Model):
    """Grain: one row per mapping version x Dukcapil occupation code (1..89, see domain.md)."""

    mapping = models.ForeignKey(OccupationMappingVersion, on_delete=models.CASCADE, related_name="occupations")
    code = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    in_workforce = models.BooleanField()
    excluded = models.BooleanField(default=False)  # PNS/TNI/Polri: out of the denominator
    exclusion_reason = models.CharField(max_length=40, blank=True, default="")
    ecosystem = models.CharField(max_length=24, blank=True, default="")  # desa, pasar, umkm, rentan, pu, guru, ...

    class Meta:
        ordering = ["mapping", "code"]
        constraints = [models.UniqueConstraint(fields=["mapping", "code"], name="occupation_once_per_version")]
