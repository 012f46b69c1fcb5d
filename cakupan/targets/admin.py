from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("id", "area", "kind", "value", "target_count", "baseline_as_of", "due", "rule", "parent",
                    "manual_override")
    list_filter = ("kind", "rule", "manual_override")
    search_fields = ("area__code", "area__name")
    readonly_fields = ("created_at", "created_by")
    raw_id_fields = ("parent",)

    def has_add_permission(self, request):  # targets are written through the services (page or CLI)
        return False
