"""Compliance's published table: the run's roster_status mart, one row per roster row (roster
kind x source row, ASN excluded), written only by cakupan.compliance.services.roster_status_publish
in the run's publish transaction; read only through cakupan.compliance.selectors (scoped).

    RosterStatus.objects.filter(run=run, roster_kind="perangkat_desa", status="none")
"""
from django.db import models


class RosterStatus(models.Model):
    """Grain: one row per run x roster row. Personal data (NIK, name): scoped reads, audited."""

    run = models.ForeignKey("coverage.CoverageRun", on_delete=models.CASCADE, related_name="roster_status")
    roster_kind = models.CharField(max_length=16)  # opd | padat_karya | perangkat_desa | pasar | umkm | guru
    nik = models.TextField(null=True)  # as listed on the roster (may be invalid or missing)
    nama = models.TextField(null=True)
    jabatan = models.TextField(default="")
    org = models.TextField(default="")
    project_code = models.TextField(default="")
    kode_wilayah = models.TextField(default="")  # the roster's area, else the resident's kalurahan
    status = models.CharField(max_length=10)  # active | nonactive | none
    segment = models.CharField(max_length=8, null=True)
    kpj = models.TextField(null=True)
    in_population = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "roster_kind"]),
            models.Index(fields=["run", "kode_wilayah"]),
        ]
