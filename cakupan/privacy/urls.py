from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.requests_view, name="requests"),
    path("kebocoran/", views.breaches_view, name="breaches"),
    path("kebocoran/<int:breach_id>/", views.breach_view, name="breach"),
]
