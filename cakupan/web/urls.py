from django.urls import path

from . import views, views_area, views_audit, views_rules

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peta/", views.map_view, name="map"),
    path("wilayah/", views_area.area_view, name="area_root"),
    path("wilayah/<str:code>/", views_area.area_view, name="area"),
    path("wilayah/<str:code>/pekerja/", views_area.persons_view, name="persons"),
    path("wilayah/<str:code>/pekerja.<str:fmt>", views_area.persons_export, name="persons_export"),
    path("nik/<int:person_id>/", views_area.nik_reveal, name="nik_reveal"),
    path("aturan/", views_rules.rules_view, name="rules_root"),
    path("aturan/<str:code>/", views_rules.rules_view, name="rules"),
    path("audit/", views_audit.audit_view, name="audit"),
]
