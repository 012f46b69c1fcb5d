from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "cakupan.registries"
    label = "registries"
    default_auto_field = "django.db.models.BigAutoField"
