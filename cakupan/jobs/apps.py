from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cakupan.jobs"
    label = "jobs"
    verbose_name = "Pekerjaan latar"
