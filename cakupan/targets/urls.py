from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.target_new, name="new"),
    path("<int:target_id>/alokasi/", views.target_allocate, name="allocate"),
]
