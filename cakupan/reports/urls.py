from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("cakupan.<str:fmt>", views.download, name="download"),
    path("arsip/", views.archive, name="archive"),
    path("arsip/<int:report_id>.<str:fmt>", views.archive_file, name="archive_file"),
    path("penerima/", views.recipients, name="recipients"),
    path("penerima/<int:recipient_id>/hapus/", views.recipient_delete, name="recipient_delete"),
]
