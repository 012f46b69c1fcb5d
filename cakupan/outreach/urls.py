from django.urls import path

from . import views_enrol_more, views_events, views_funders, views_money, views_school, views_worklist

app_name = "outreach"
urlpatterns = [
    path("", views_worklist.index, name="index"),
    path("daftar/buat/", views_worklist.make, name="make"),
    path("daftar/sekolah/buat/", views_school.school_make, name="school_make"),
    path("daftar/dinas/buat/", views_school.office_make, name="office_make"),
    path("mitra/buat/", views_worklist.partner_add, name="partner_add"),
    path("daftar/<int:worklist_id>/", views_worklist.detail, name="worklist"),
    path("daftar/<int:worklist_id>/xlsx/", views_worklist.download, name="download"),
    path("daftar/<int:worklist_id>/unggah/", views_worklist.upload, name="upload"),
    path("daftar/<int:worklist_id>/serahkan/", views_worklist.assign, name="assign"),
    path("pendaftaran/", views_money.enrol, name="enrol"),
    path("pendaftaran/kelompok/", views_enrol_more.batch, name="enrol_batch"),
    path("pendaftaran/bayar/", views_enrol_more.pay, name="enrol_pay"),
    path("pendaftaran/konfirmasi/", views_enrol_more.confirm, name="enrol_confirm"),
    path("iuran.json", views_money.quote_json, name="quote_json"),
    path("anggaran/", views_money.budget, name="budget"),
    path("akan-nonaktif/", views_money.lapse, name="lapse"),
    path("akan-nonaktif/buat/", views_money.lapse_make, name="lapse_make"),
    path("sosialisasi/", views_events.index, name="events"),
    path("sosialisasi/rencana/", views_events.plan, name="event_plan"),
    path("sosialisasi/<int:event_id>/", views_events.detail, name="event"),
    path("sosialisasi/<int:event_id>/hadir/", views_events.upload, name="event_upload"),
    path("sosialisasi/<int:event_id>/centang/", views_events.tick, name="event_tick"),
    path("sosialisasi/<int:event_id>/daftar-hadir.pdf", views_events.sheet_pdf, name="event_pdf"),
    path("penyandang-dana/", views_funders.index, name="funders"),
    path("penyandang-dana/tambah/", views_funders.add, name="funder_add"),
    path("penyandang-dana/<int:funder_id>/", views_funders.detail, name="funder"),
    path("penyandang-dana/<int:funder_id>/laporan.<str:fmt>", views_funders.download, name="funder_report"),
]
