from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views, views_targets

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("runs/", views.RunListView.as_view(), name="runs"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("coverage/total/", views.CoverageTotalView.as_view(), name="coverage_total"),
    path("persons/", views.PersonListView.as_view(), name="persons"),
    path("targets/", views_targets.TargetListView.as_view(), name="targets"),
]
