from django.apps import AppConfig


class WilayahConfig(AppConfig):
    name = "cakupan.wilayah"
    label = "wilayah"
    default_auto_field = "django.db.models.BigAutoField"
