"""Admin: users' profiles (role and scope) and the audit log (read-only)."""
from django.contrib import admin

from .models import AuditLog, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area_code", "org")
    list_filter = ("role",)
    search_fields = ("user__username", "area_code", "org")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "scope", "rows")
    list_filter = ("action",)
    search_fields = ("username", "scope")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


def _register_user_admin() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.admin import UserAdmin

    User = get_user_model()
    if admin.site.is_registered(User):
        admin.site.unregister(User)

    @admin.register(User)
    class CakupanUserAdmin(UserAdmin):
        inlines = [ProfileInline]
        list_display = ("username", "is_active", "is_staff", "last_login")


_register_user_admin()
