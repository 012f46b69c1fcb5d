"""Admin pieces shared by the apps: published and imported data is shown, never edited by hand
(it changes only through the import and run services, which keep the audit and the snapshots)."""
from __future__ import annotations


class ReadOnlyAdmin:
    """Mix into a ModelAdmin: no add, change or delete in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
