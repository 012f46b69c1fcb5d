from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views, views_jobs, views_person, views_targets

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("runs/", views_jobs.RunsView.as_view(), name="runs"),
    path("imports/", views_jobs.ImportView.as_view(), name="imports"),
    path("jobs/", views_jobs.JobListView.as_view(), name="jobs"),
    path("jobs/<int:job_id>/", views_jobs.JobView.as_view(), name="job"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("coverage/total/", views.CoverageTotalView.as_view(), name="coverage_total"),
    path("persons/", views.PersonListView.as_view(), name="persons"),
    path("persons/explain/", views_person.PersonExplainView.as_view(), name="person_explain"),
    path("targets/", views_targets.TargetListView.as_view(), name="targets"),
    re_path(r"^(?:.*/)?$", views.NotFoundView.as_view(), name="not_found"),  # JSON 404, not the HTML page
]
