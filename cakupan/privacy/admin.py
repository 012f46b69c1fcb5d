"""Admin: the requests and the breach register, read-only (recorded through the DPO pages or
`cakupan pdp`, so every write is audited); tombstones and overrides are not listed (they hold NIKs
and follow from the requests)."""
from django.contrib import admin

from .models import Breach, SubjectRequest


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubjectRequest)
class SubjectRequestAdmin(_ReadOnly):
    list_display = ("received_at", "kind", "requested_by", "recorded_by_name")
    list_filter = ("kind",)
    exclude = ("nik",)


@admin.register(Breach)
class BreachAdmin(_ReadOnly):
    list_display = ("found_at", "what", "people_affected", "subjects_notified_at", "authority_notified_at")
