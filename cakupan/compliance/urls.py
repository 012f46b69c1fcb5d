from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:roster_kind>/", views.kind, name="kind"),
    path("<str:roster_kind>/orang/", views.people, name="people"),
]
