from django.urls import path

from . import views, views_teachers

app_name = "compliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("guru/sekolah/", views_teachers.teachers, name="teachers"),
    path("<str:roster_kind>/", views.kind, name="kind"),
    path("<str:roster_kind>/orang/", views.people, name="people"),
]
