from django.contrib import admin

from .models import Enrolment, Partner, Payment, Worklist, WorklistImport


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area_codes", "ecosystems")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Worklist)
class WorklistAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "kind", "partner", "area_code", "ecosystem", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("ranking",)


@admin.register(WorklistImport)
class WorklistImportAdmin(admin.ModelAdmin):
    list_display = ("id", "worklist", "file_name", "rows_read", "rows_applied", "rows_quarantined", "imported_at")


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """NIK shown only to admin-site users (staff); enrolments are written by the services."""

    list_display = ("id", "nama", "segment", "kind", "status", "payer", "monthly_amount", "created_at")
    list_filter = ("segment", "kind", "status", "payer")
    inlines = [PaymentInline]
    readonly_fields = ("quote",)
