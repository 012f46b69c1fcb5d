from django.apps import AppConfig


class ExplainConfig(AppConfig):
    name = "cakupan.explain"
    label = "explain"
    default_auto_field = "django.db.models.BigAutoField"
