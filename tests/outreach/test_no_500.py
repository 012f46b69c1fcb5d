"""Zero 500s: every outreach form field and query parameter given nonsense answers with a message
(a form error, a redirect with a message, a 400 JSON or a 404), never an exception."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cakupan.outreach.models import Worklist
from cakupan.outreach.services import partner_create

from .factories import KAL1, make_run, make_user, standard_persons

NASTY = ["9" * 30, "-1", "0000-01", "9999-12", "abc", "1e400", "\x00", "x" * 5000, "34.02.01.2001'--", ""]

FORMS = {
    "/outreach/pendaftaran/": {"nik": "", "nama": "Warga 8", "segment": "BPU", "income": "1000000", "jht": "", "risk_class": "",
                               "employer": "", "batch": "", "payer": "APBDES", "month_from": "2023-03", "month_to": "",
                               "item": ""},
    "/outreach/pendaftaran/bayar/": {"enrolment": "1", "month_from": "2023-04", "month_to": "", "payer": "APBDES"},
    "/outreach/daftar/buat/": {"partner": "1", "area": KAL1, "ecosystem": "", "by_padukuhan": "", "limit": ""},
    "/outreach/mitra/buat/": {"name": "M", "kind": "lurah", "areas": KAL1, "ecosystems": "pasar"},
}
GETS = {
    "/outreach/iuran.json": {"segment": "BPU", "income": "1000000", "jht": "1", "risk_class": "", "on": "2023-03-01"},
    "/outreach/anggaran/": {"budget": "100800", "months": "3", "area": "", "quota": "", "target_pct": "40"},
    "/outreach/akan-nonaktif/": {"within": "1", "area": "", "page": "1"},
    "/outreach/": {"page": "1"},
    "/outreach/pendaftaran/": {"item": "1"},
}


@pytest.mark.django_db
def test_every_field_given_nonsense_never_500(client):
    persons = standard_persons()
    make_run(persons)
    make_user("analis", role="analis")
    client.login(username="analis", password="rahasia-123")
    partner_create(name="P", kind="perisai")
    for url, base in FORMS.items():
        for field in base:
            for value in NASTY:
                r = client.post(url, base | {field: value})
                assert r.status_code < 500, (url, field, value)
    for url, base in GETS.items():
        for field in base:
            for value in NASTY:
                r = client.get(url, base | {field: value})
                assert r.status_code < 500, (url, field, value)
                if url.endswith(".json") and r.status_code == 400:
                    assert r.json()["detail"]


@pytest.mark.django_db
def test_worklist_urls_and_files_given_nonsense_never_500(client):
    make_run(standard_persons())
    make_user("analis", role="analis")
    client.login(username="analis", password="rahasia-123")
    partner = partner_create(name="P", kind="perisai")
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL1})
    wl = Worklist.objects.get()
    huge = "9" * 30
    for path in (f"/outreach/daftar/{huge}/", f"/outreach/daftar/{huge}/xlsx/"):
        assert client.get(path).status_code in (302, 404), path
    assert client.post(f"/outreach/daftar/{huge}/serahkan/", {"assigned_to": "x"}).status_code == 404
    assert client.get(f"/outreach/daftar/{wl.pk}/", {"page": huge, "qpage": "abc"}).status_code == 200
    for value in NASTY:
        r = client.post(f"/outreach/daftar/{wl.pk}/serahkan/", {"assigned_to": value, "padukuhan": value})
        assert r.status_code < 500, value
    for content in (b"", b"\x00" * 100, b"PK\x03\x04rusak", "NIK,NAMA\n1,2\n".encode()):
        r = client.post(f"/outreach/daftar/{wl.pk}/unggah/", {"file": SimpleUploadedFile("x.xlsx", content)})
        assert r.status_code < 500
    batch = {"segment": "PU", "batch": "B", "payer": "EMPLOYER", "month_from": "2023-03", "employer": "CV", "risk_class": "1"}
    for field in list(batch) + ["income", "month_to"]:
        for value in NASTY:
            f = SimpleUploadedFile("regu.csv", "NIK,NAMA,UPAH\n3402,X,1\n".encode())
            r = client.post("/outreach/pendaftaran/kelompok/", batch | {field: value, "file": f})
            assert r.status_code < 500, (field, value)
