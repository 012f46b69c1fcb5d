"""Admin for registries: the occupation mapping (editable, versioned) and snapshots (read-only).

How versions work in the admin: the Occupation list shows the CURRENT version only. Saving an edit
(in the list or in a row's form) never changes that version: the first saved row of a request
copies the whole current version into a new one and applies the change there; further rows saved
in the same request go into that same new version. Old versions stay as they were, so a snapshot
that recorded version N can be recomputed exactly (docs/occupations.md).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cakupan.core.admin import ReadOnlyAdmin
from cakupan.errors import UserError
from cakupan.registries.models import Occupation, OccupationMappingVersion, Snapshot
from cakupan.registries.occupations import (
    ECOSYSTEMS,
    occupation_mapping_current,
    occupation_mapping_edit,
    occupation_row_check,
)

_EDITABLE = ("in_workforce", "excluded", "exclusion_reason", "ecosystem")


class OccupationForm(forms.ModelForm):
    ecosystem = forms.ChoiceField(
        choices=[("", "—")] + [(e, e) for e in ECOSYSTEMS], required=False
    )

    class Meta:
        model = Occupation
        fields = _EDITABLE

    def clean(self):
        data = super().clean()
        row = {"code": self.instance.code, "name": self.instance.name}
        row |= {f: data.get(f, getattr(self.instance, f)) for f in _EDITABLE}
        try:
            occupation_row_check(row, where=str(_("Isian")))
        except UserError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    form = OccupationForm
    list_display = (
        "code",
        "name",
        "in_workforce",
        "excluded",
        "exclusion_reason",
        "ecosystem",
        "version",
    )
    list_display_links = ("code", "name")
    list_editable = _EDITABLE
    list_filter = ("in_workforce", "excluded", "ecosystem")
    search_fields = ("name",)
    fields = ("code", "name", *_EDITABLE)
    readonly_fields = ("code", "name")
    list_per_page = 100
    ordering = ("code",)

    @admin.display(description=_("versi"))
    def version(self, obj):
        return obj.mapping.version

    def get_queryset(self, request):
        current = occupation_mapping_current()
        qs = super().get_queryset(request).select_related("mapping")
        return qs.filter(mapping=current) if current else qs.none()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", OccupationForm)  # the list edit validates like the change form
        return super().get_changelist_form(request, **kwargs)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in _EDITABLE if name in form.cleaned_data}
        into = getattr(request, "_cakupan_occupation_version", None)
        user = request.user.get_username() if request.user.is_authenticated else ""
        new = occupation_mapping_edit(
            changes={obj.code: fields}, base=obj.mapping.version, into=into, user_name=user
        )
        if into is None:
            request._cakupan_occupation_version = new
            messages.info(request, _("Pemetaan pekerjaan versi %(v)d dibuat.") % {"v": new.version})
        # Point the admin's object at the new version's row for the change message.
        obj.pk = new.occupations.get(code=obj.code).pk


class OccupationInline(admin.TabularInline):
    model = Occupation
    fields = ("code", "name", "in_workforce", "excluded", "exclusion_reason", "ecosystem")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("code",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OccupationMappingVersion)
class OccupationMappingVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("version", "created_at", "created_by_name", "source", "note")
    inlines = [OccupationInline]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "roster_kind",
        "as_of",
        "file_name",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
        "parent",
        "merged_rows",
        "occupation_mapping_version",
        "loaded_by_name",
        "loaded_at",
    )
    list_filter = ("kind", "roster_kind", "as_of")
    search_fields = ("file_name", "file_sha256", "loaded_by_name")
    date_hierarchy = "as_of"
