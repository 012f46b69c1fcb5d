"""Top-level URLs: each domain app mounts its own urls module."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("cakupan.api.urls")),
    path("target/", include("cakupan.targets.urls")),
    path("outreach/", include("cakupan.outreach.urls")),
    path("kepatuhan/proyek/", include("cakupan.web.urls_padat_karya")),  # padat karya before the start
    path("kepatuhan/", include("cakupan.compliance.urls")),
    path("laporan/", include("cakupan.reports.urls")),
    path("linkage/", include("cakupan.linkage.urls")),
    path("operasi/", include("cakupan.jobs.urls")),
    path("run/", include("cakupan.runs.urls")),
    path("orang/", include("cakupan.explain.urls")),
    path("pdp/", include("cakupan.privacy.urls")),  # the DPO's pages (requests, breaches)
    path("", include("cakupan.accounts.urls")),
    path("", include("cakupan.web.urls")),
]
