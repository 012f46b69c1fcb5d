from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "cakupan.compliance"
    label = "compliance"
    verbose_name = "Kepatuhan"
    default_auto_field = "django.db.models.BigAutoField"
