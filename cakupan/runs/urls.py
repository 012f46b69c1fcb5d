from django.urls import path

from . import views

app_name = "runs"
urlpatterns = [
    path("", views.history_view, name="history"),
    path("<int:run_id>/", views.detail_view, name="detail"),
]
