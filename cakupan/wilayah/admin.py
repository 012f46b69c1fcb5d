from django.contrib import admin

from cakupan.wilayah.codes import name_key
from cakupan.wilayah.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Areas by Kemendagri code. Codes are the identity other tables refer to: change names here,
    load new regions with ``cakupan wilayah load``."""

    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_key")
    readonly_fields = ("name_key",)
    raw_id_fields = ("parent",)
    ordering = ("code",)
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        return ("code", "name_key") if obj else ("name_key",)

    def save_model(self, request, obj, form, change):
        obj.name_key = name_key(obj.name)  # keep the lookup key in step with the name
        super().save_model(request, obj, form, change)
