from django.urls import path

from . import views, views_pds, views_teachers

app_name = "compliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("guru/sekolah/", views_teachers.teachers, name="teachers"),
    path("pds/", views_pds.employer_list, name="pds"),
    path("pds/impor/", views_pds.pds_import, name="pds_import"),
    path("pds/<str:npp>/", views_pds.employer_detail, name="pds_detail"),
    path("pds/<str:npp>/surat.pdf", views_pds.employer_letter, name="pds_letter"),
    path("<str:roster_kind>/", views.kind, name="kind"),
    path("<str:roster_kind>/orang/", views.people, name="people"),
]
