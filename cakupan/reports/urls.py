from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("cakupan.<str:fmt>", views.download, name="download"),
]
