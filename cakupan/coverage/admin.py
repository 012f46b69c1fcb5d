"""Admin for the published marts: read-only (they are written only by run_publish).
Person-level rows are not listed here: they are read through the scoped, audited pages."""
from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cakupan.core.admin import ReadOnlyAdmin

from .models import CoverageFact, CoverageHistory, CoverageRun


@admin.register(CoverageRun)
class CoverageRunAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("id", "as_of", "status", "engine", "started_at", "finished_at", "workforce", "active", "pct")
    list_filter = ("status", "engine")
    date_hierarchy = "as_of"
    readonly_fields = ("as_of", "status", "engine", "population_snapshot", "member_snapshot", "run_dir",
                       "summary", "started_at", "finished_at")

    @admin.display(description=_("Angkatan kerja"))
    def workforce(self, obj):
        return (obj.summary.get("totals") or {}).get("workforce")

    @admin.display(description=_("Aktif"))
    def active(self, obj):
        return (obj.summary.get("totals") or {}).get("active")

    @admin.display(description=_("Cakupan %"))
    def pct(self, obj):
        return obj.summary.get("pct")


@admin.register(CoverageFact)
class CoverageFactAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("run", "padukuhan_code", "ecosystem", "segment", "sex", "age_band", "workforce", "active",
                    "nonactive")
    list_filter = ("segment", "ecosystem", "sex", "age_band")
    search_fields = ("padukuhan_code", "kalurahan_code")
    list_select_related = ("run",)


@admin.register(CoverageHistory)
class CoverageHistoryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("as_of", "area_code", "area_kind", "segment", "workforce", "active", "nonactive", "enrolled",
                    "lapsed", "source")
    list_filter = ("source", "area_kind", "segment")
    search_fields = ("area_code",)
    date_hierarchy = "as_of"
