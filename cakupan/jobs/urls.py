from django.urls import path

from . import views, views_boundaries

app_name = "jobs"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("unggah/", views.upload_view, name="upload_new"),
    path("unggah/<uuid:upload_id>/", views.upload_detail_view, name="upload"),
    path("pekerjaan/", views.jobs_view, name="jobs"),
    path("pekerjaan/<int:job_id>/", views.job_view, name="job"),
    path("pekerjaan/<int:job_id>/batal/", views.job_cancel_view, name="job_cancel"),
    path("pekerjaan/<int:job_id>/ulang/", views.job_retry_view, name="job_retry"),
    path("run/", views.run_start_view, name="run_start"),
    path("snapshot/<int:snapshot_id>/karantina.xlsx", views.quarantine_download_view, name="quarantine"),
    path("snapshot/<int:snapshot_id>/perbaikan/", views.fix_upload_view, name="fix"),
    path("batas/", views_boundaries.boundaries_view, name="boundaries"),
]
