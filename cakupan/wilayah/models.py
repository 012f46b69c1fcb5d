"""Area hierarchy by Kemendagri code: provinsi > kabupaten > kapanewon > kalurahan > padukuhan.

Padukuhan have no Kemendagri code; they are created from the population data with the code
``<kalurahan code>.<slug of the name>`` (e.g. ``34.02.01.2001.krajan``).
"""
from django.db import models


class Area(models.Model):
    class Kind(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten/Kota"
        KAPANEWON = "kapanewon", "Kapanewon/Kecamatan"
        KALURAHAN = "kalurahan", "Kalurahan/Desa"
        PADUKUHAN = "padukuhan", "Padukuhan/Dusun"

    code = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=120)
    name_key = models.CharField(max_length=120, db_index=True)  # normalised for lookups
    kind = models.CharField(max_length=12, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lng = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "parent"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
