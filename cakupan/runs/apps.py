from django.apps import AppConfig


class RunsConfig(AppConfig):
    name = "cakupan.runs"
    label = "runs"
    default_auto_field = "django.db.models.BigAutoField"
