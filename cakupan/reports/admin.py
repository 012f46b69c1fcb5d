from django.contrib import admin

from .models import ReportRecipient, SentReport


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    list_display = ("area_code", "email", "name", "active")
    list_filter = ("active",)
    search_fields = ("area_code", "email", "name")


@admin.register(SentReport)
class SentReportAdmin(admin.ModelAdmin):
    list_display = ("as_of", "area_code", "status", "sent_at", "created_at")
    list_filter = ("status",)
    search_fields = ("area_code",)
    readonly_fields = [f.name for f in SentReport._meta.fields]
