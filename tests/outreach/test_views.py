import io
import json

import pytest
from openpyxl import load_workbook

from cakupan.accounts.models import AuditLog
from cakupan.outreach.models import Enrolment, Worklist
from cakupan.outreach.services import partner_create

from .factories import KAL1, KAL2, KAP, make_run, make_user, standard_persons


@pytest.fixture
def region(db):
    persons = standard_persons()
    make_run(persons)
    return persons


def login(client, username, **kw):
    make_user(username, **kw)
    client.login(username=username, password="rahasia-123")


@pytest.mark.django_db
def test_worklist_pages_make_download_upload(client, region):
    login(client, "analis", role="analis")
    partner = partner_create(name="Perisai A", kind="perisai")
    r = client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAP, "ecosystem": ""})
    wl = Worklist.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/outreach/daftar/{wl.pk}/")
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert "Warga 5" in page and "rentan +3" in page
    assert client.get("/outreach/").status_code == 200
    xlsx = client.get(f"/outreach/daftar/{wl.pk}/xlsx/")
    assert xlsx.status_code == 200 and AuditLog.objects.filter(action="export_persons").exists()
    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb["Daftar"]
    assert len(ws["C2"].value) == 16  # analis sees the full NIK
    ws["M2"], ws["N2"] = "menolak", "12/03/2023"
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "isi.xlsx"
    client.post(f"/outreach/daftar/{wl.pk}/unggah/", {"file": buf})
    assert wl.items.get(rank=1).outcome == "menolak"
    assert "1 diterapkan" in client.get(f"/outreach/daftar/{wl.pk}/").content.decode()


@pytest.mark.django_db
def test_kalurahan_operator_sees_masked_and_only_own_worklists(client, region):
    partner = partner_create(name="Perisai", kind="perisai")
    login(client, "op1", role="kalurahan", area_code=KAL1)
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL1})
    mine = Worklist.objects.get()
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL2})
    assert Worklist.objects.count() == 1  # refused outside the area
    page = client.get(f"/outreach/daftar/{mine.pk}/").content.decode()
    assert "3402********" in page
    client.logout()
    login(client, "op2", role="kalurahan", area_code=KAL2)
    assert client.get(f"/outreach/daftar/{mine.pk}/xlsx/").status_code == 404


@pytest.mark.django_db
def test_enrol_page_quote_and_register(client, region):
    login(client, "kep", role="kepatuhan")
    q = json.loads(client.get("/outreach/iuran.json", {"segment": "BPU", "income": "2500000", "jht": "1", "on": "2023-03-01"}).content)
    assert q["total"] == 81_800 and q["billed"] == 81_800
    assert client.get("/outreach/iuran.json", {"segment": "PU", "income": "5000000", "risk_class": "9"}).status_code == 400
    r = client.post("/outreach/pendaftaran/", {"nik": region[7]["nik"], "nama": "Warga 8", "segment": "BPU", "income": "1000000",
                                              "payer": "APBDES", "month_from": "2023-03", "month_to": "2023-08"})
    assert r.status_code == 302 and Enrolment.objects.get().monthly_amount == 16_800
    r = client.post("/outreach/pendaftaran/", {"nik": "12", "nama": "X", "segment": "BPU", "income": "1", "payer": "SELF", "month_from": "2023-03"})
    assert r.status_code == 200 and "NIK tidak sah" in r.content.decode()


@pytest.mark.django_db
def test_budget_and_lapse_pages_and_roles(client, region):
    login(client, "boss", role="pimpinan")
    page = client.get("/outreach/anggaran/", {"budget": "100800", "months": "3", "target_pct": "50"}).content.decode()
    assert 'data-figure="capacity">2<' in page and 'need-budget">Rp 100.800<' in page and "Warga 5" not in page  # counts only
    assert client.get("/outreach/akan-nonaktif/").status_code == 403
    assert client.get("/outreach/").status_code == 403
    client.logout()
    login(client, "op", role="kalurahan", area_code=KAL2)
    page = client.get("/outreach/akan-nonaktif/", {"within": "6"}).content.decode()
    assert "Warga 3" in page and "Warga 2" not in page


@pytest.mark.django_db
def test_register_from_a_worklist_item_without_seeing_the_nik(client, region):
    partner = partner_create(name="Perisai", kind="perisai")
    login(client, "op1", role="kalurahan", area_code=KAL1)
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL1})
    item = Worklist.objects.get().items.get(nama="Warga 8")
    page = client.get("/outreach/pendaftaran/", {"item": item.pk}).content.decode()
    assert 'id="from-item"' in page and item.nik not in page
    r = client.post("/outreach/pendaftaran/", {"item": item.pk, "nik": "", "nama": "Warga 8", "segment": "BPU",
                                              "income": "1000000", "payer": "APBDES", "month_from": "2023-03", "month_to": "2023-05"})
    assert r.status_code == 302
    e = Enrolment.objects.get()
    item.refresh_from_db()
    assert e.nik == item.nik and e.worklist_item == item and item.outcome == "terdaftar"
    client.logout()
    login(client, "op2", role="kalurahan", area_code=KAL2)  # another area: the item is not theirs
    r = client.post("/outreach/pendaftaran/", {"item": item.pk, "nik": "", "nama": "X", "segment": "BPU",
                                              "income": "1000000", "payer": "APBDES", "month_from": "2023-06"})
    assert r.status_code == 200 and Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_batch_pay_and_confirm_pages(client, region):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "analis", role="analis")
    csv_text = f"NIK;NAMA\n{region[7]['nik']};Warga 8\n{region[10]['nik']};Warga 11\n123;Salah\n"
    r = client.post("/outreach/pendaftaran/kelompok/", {
        "file": SimpleUploadedFile("regu.csv", csv_text.encode()), "segment": "PADAT_KARYA", "batch": "PK-1",
        "payer": "APBDES", "month_from": "2023-07"}, follow=True)
    page = r.content.decode()
    assert "3 baris: 2 terdaftar, 1 ditolak" in page and Enrolment.objects.filter(batch="PK-1").count() == 2
    e = Enrolment.objects.order_by("id").first()
    client.post("/outreach/pendaftaran/bayar/", {"enrolment": e.pk, "month_from": "2023-08", "month_to": "2023-10", "payer": "APBDES"})
    assert e.payments.count() == 2 and "Oktober 2023" in client.get("/outreach/pendaftaran/").content.decode()
    assert client.post("/outreach/pendaftaran/konfirmasi/").status_code == 302
    client.logout()
    login(client, "op", role="kalurahan", area_code=KAL1)
    assert client.post("/outreach/pendaftaran/konfirmasi/").status_code == 403


@pytest.mark.django_db
def test_enrol_page_labels_point_at_their_own_fields(client, region):
    """Three forms share the page: each field has one id, and each label's `for` names exactly one field."""
    import re  # noqa: PLC0415

    login(client, "kep", role="kepatuhan")
    page = client.get("/outreach/pendaftaran/").content.decode()
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    fors = re.findall(r'<label for="([^"]+)"', page)
    assert fors and set(fors) <= set(ids) and len(fors) == len(set(fors))
    for helped in re.findall(r'aria-describedby="([^"]+)"', page):
        assert f'id="{helped}"' in page


@pytest.mark.django_db
def test_worklist_score_reasons_are_words_not_codes(client, region):
    partner = partner_create(name="Perisai", kind="perisai")
    login(client, "op1", role="kalurahan", area_code=KAL1)
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL1})
    wl = Worklist.objects.get()
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert "usia 25–54 +2" in page and "usia_produktif" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert "age 25–54 +2" in page
