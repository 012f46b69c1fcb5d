"""Padat karya before the start: /kepatuhan/proyek/ (cakupan.web.views_padat_karya)."""
from django.urls import path

from . import views_padat_karya as views

app_name = "padat_karya"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("baru/", views.project_new, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/kru/", views.crew_upload, name="crew"),
    path("<int:pk>/daftarkan/", views.crew_enrol_view, name="enrol"),
]
