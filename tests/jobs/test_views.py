"""The operation pages with Django's test client: upload -> detected columns (corrected by the
officer) -> job -> result with the reasons and the quarantine download -> fixed file merged into a
new snapshot; a wrong file is refused before anything is queued; other roles get 403."""
from __future__ import annotations

import io

import pytest
from django.test import Client

from cakupan.accounts.models import AuditLog
from cakupan.jobs.models import Job

from .conftest import PASSWORD, drain

pytestmark = pytest.mark.django_db(transaction=True)

POPULATION = (
    "NIK;NO_KK;NAMA_LGKP;JENIS_KLMIN;TMPT_LHR;TGL_LHR;KODE_WILAYAH;DUSUN;JENIS_PKRJN\n"
    "3402014101900001;3402010000000001;SRI LESTARI;P;Bantul;01-01-1990;34.02.01.2001;Krajan;PETANI/PEKEBUN\n"
    "3402010202850002;3402010000000002;AGUS WIBOWO;L;Bantul;02-02-1985;34.02.01.2001;Krajan;WIRASWASTA\n"
    "34020102028;3402010000000003;BUDI;L;Bantul;02-02-1985;34.02.01.2001;Krajan;WIRASWASTA\n"
)


def _client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def _upload(c: Client, name: str, content: bytes, **fields):
    f = io.BytesIO(content)
    f.name = name
    return c.post("/operasi/unggah/", {"kind": "population", "as_of": "2023-02-27", **fields, "file": f})


def test_upload_confirm_import_download_fix_merge(operator):
    c = _client("operator")
    assert c.get("/operasi/").status_code == 200
    r = _upload(c, "penduduk.csv", POPULATION.encode("utf-8"))
    assert r.status_code == 302 and "/operasi/unggah/" in r["Location"]
    page = c.get(r["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "SRI LESTARI" in html and "utf-8" in html.lower()
    assert Job.objects.count() == 0  # nothing queued before the officer confirms
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    assert data["col_nik"] == "NIK" and data["col_kode_wilayah"] == "KODE_WILAYAH"
    r = c.post(page.request["PATH_INFO"], data)
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/operasi/pekerjaan/{job.pk}/"
    assert c.get(r["Location"]).status_code == 200
    drain()
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert (job.result["rows_read"], job.result["rows_loaded"], job.result["rows_quarantined"]) == (3, 2, 1)
    html = c.get(f"/operasi/pekerjaan/{job.pk}/").content.decode()
    assert 'id="download-quarantine"' in html and "Dikarantina menurut alasan" in html

    snap_id = job.result["snapshot_id"]
    xlsx = c.get(f"/operasi/snapshot/{snap_id}/karantina.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
    assert AuditLog.objects.filter(action="quarantine_download", rows=1).exists()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    ws = wb.active
    headers = [c_.value for c_ in ws[1]]
    ws.cell(row=2, column=headers.index("NIK") + 1, value="3402010202850003")
    fixed = io.BytesIO()
    wb.save(fixed)
    fixed.name = "perbaikan.xlsx"
    fixed.seek(0)
    r = c.post(f"/operasi/snapshot/{snap_id}/perbaikan/", {"file": fixed})
    assert r.status_code == 302
    page = c.get(r["Location"])
    data = {name: field.initial or "" for name, field in page.context["form"].fields.items()}
    c.post(page.request["PATH_INFO"], data)
    drain()
    merge = Job.objects.get(kind="merge")
    assert merge.status == "done", merge.message
    assert merge.result["rows_loaded"] == 3 and merge.result["rows_quarantined"] == 0
    from cakupan.registries.selectors import snapshot_latest

    latest = snapshot_latest(kind="population")
    assert latest.pk == merge.result["snapshot_id"] and latest.parent_id == snap_id


def test_officer_corrects_a_column_the_detection_missed(operator):
    c = _client("operator")
    content = POPULATION.replace("NIK;NO_KK", "IDENTITAS;NO_KK").encode("cp1252")
    r = _upload(c, "penduduk.csv", content)
    page = c.get(r["Location"])
    data = {name: field.initial or "" for name, field in page.context["form"].fields.items()}
    assert data["col_nik"] == ""
    assert c.post(page.request["PATH_INFO"], data).status_code == 200  # required: asked again
    assert Job.objects.count() == 0
    data["col_nik"] = "IDENTITAS"
    c.post(page.request["PATH_INFO"], data)
    drain()
    job = Job.objects.get()
    assert job.status == "done" and job.result["rows_loaded"] == 2, job.message


def test_a_wrong_file_is_refused_on_the_detection_page(operator):
    c = _client("operator")
    r = _upload(c, "foto.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert r.status_code == 302
    page = c.get(r["Location"]) if "/unggah/" in r["Location"] else c.get(r["Location"])
    text = page.content.decode()
    assert page.status_code in (200, 400) and ("tidak bisa diimpor" in text or "tidak didukung" in text)
    assert Job.objects.count() == 0
    r = _upload(c, "kosong.csv", b"")
    assert r.status_code == 400 and Job.objects.count() == 0  # the form says the file is empty


def test_run_start_and_refusal_of_a_second(operator):
    c = _client("operator")
    r = c.post("/operasi/run/", {"as_of": ""})
    job = Job.objects.get(kind="run")
    assert r["Location"] == f"/operasi/pekerjaan/{job.pk}/"
    r = c.post("/operasi/run/", {"as_of": "2023-02-27"}, follow=True)
    assert "belum selesai" in r.content.decode() and Job.objects.filter(kind="run").count() == 1
    assert c.post("/operasi/run/", {"as_of": "bukan-tanggal"}).status_code == 302


def test_other_roles_get_403(region):
    from cakupan.accounts.services import user_create

    user_create(username="mitra1", role="mitra", org="DKUKMPP", ecosystems=("umkm",), password=PASSWORD)
    c = _client("mitra1")
    for url in ("/operasi/", "/operasi/pekerjaan/", "/operasi/pekerjaan/1/", "/operasi/snapshot/1/karantina.xlsx"):
        assert c.get(url).status_code == 403, url
    assert c.post("/operasi/run/").status_code == 403
    assert c.post("/operasi/unggah/").status_code == 403
    assert "/operasi/" not in c.get("/").content.decode()


def test_cancel_a_waiting_job_and_run_it_again_from_its_page(operator):
    c = _client("operator")
    c.post("/operasi/run/", {"as_of": ""})
    job = Job.objects.get()
    assert c.post(f"/operasi/pekerjaan/{job.pk}/batal/")["Location"] == f"/operasi/pekerjaan/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert "Jalankan lagi" in c.get(f"/operasi/pekerjaan/{job.pk}/").content.decode()
    r = c.post(f"/operasi/pekerjaan/{job.pk}/ulang/")
    again = Job.objects.exclude(pk=job.pk).get()
    assert r["Location"] == f"/operasi/pekerjaan/{again.pk}/" and again.status == "queued"
    r = c.post(f"/operasi/pekerjaan/{again.pk}/ulang/", follow=True)  # not failed: refused in words
    assert "Hanya pekerjaan yang gagal" in r.content.decode()
    assert c.post("/operasi/pekerjaan/99999/batal/").status_code == 404


def test_upload_errors_are_shown_next_to_their_field(operator):
    c = _client("operator")
    r = _upload(c, "penduduk.csv", POPULATION.encode("utf-8"), as_of="9999-12-31")
    assert r.status_code == 400 and "tidak masuk akal" in r.content.decode()
    assert r.context["upload_form"].errors["as_of"]
    r = _upload(c, "daftar.csv", POPULATION.encode("utf-8"), kind="roster")
    assert r.status_code == 400 and r.context["upload_form"].errors["roster_kind"]
    r = _upload(c, "penduduk.csv", POPULATION.encode("utf-8"), kind="lain")
    assert r.status_code == 400 and r.context["upload_form"].errors["kind"]
    assert Job.objects.count() == 0
