"""No 500 on any input: amounts read the Indonesian way and bounded, months from month pickers inside
a window around the data month, areas by name, group files in any common encoding (or XLSX)."""
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from cakupan.errors import UserError
from cakupan.outreach.contributions.rates import rate_one
from cakupan.outreach.inputs import check_months, month_window, parse_rupiah
from cakupan.outreach.models import Enrolment, Partner, Worklist
from cakupan.outreach.months import parse_month
from cakupan.outreach.services import (
    enrolment_register,
    enrolment_register_batch,
    partner_create,
    payment_record,
    read_batch_csv,
    read_batch_file,
    worklist_export_xlsx,
    worklist_make,
)

from .factories import AS_OF, KAL1, KAL2, KAP, make_run, make_user, person, standard_persons


@pytest.fixture
def region(db):
    persons = standard_persons()
    make_run(persons)
    return persons


def login(client, username, **kw):
    make_user(username, **kw)
    client.login(username=username, password="rahasia-123")


# --- one parse function for rupiah -----------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("45.000.000", 45_000_000), ("Rp 2.500.000", 2_500_000), ("Rp2.500.000", 2_500_000), ("rp. 2.500.000", 2_500_000),
    ("2500000", 2_500_000), ("2.500.000,00", 2_500_000), ("1.500,50", 1_500), (" 800000 ", 800_000),
    ("Rp 1.000.000.000", 1_000_000_000), (2_500_000, 2_500_000),
])
def test_parse_rupiah_reads_indonesian_amounts(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize("text, code", [
    ("", "amount.format"), ("abc", "amount.format"), ("2,500,000", "amount.format"), ("2.50.000", "amount.format"),
    ("-5000", "amount.format"), ("1e9", "amount.format"), ("9" * 30, "amount.format"), ("0", "amount.range"),
    ("1.000.000.001", "amount.range"), (10**19, "amount.range"),
])
def test_parse_rupiah_refuses_nonsense_with_an_indonesian_message(text, code):
    with pytest.raises(UserError) as err:
        parse_rupiah(text, what="Penghasilan")
    assert err.value.code == code and "Penghasilan" in str(err.value)


def test_parse_month_refuses_year_zero_and_garbage():
    assert parse_month("2023-03") == date(2023, 3, 1)
    for bad in ("0000-01", "2023-13", "2023-00", "abc", "", "99999-01"):
        with pytest.raises(UserError):
            parse_month(bad)


@pytest.mark.django_db
def test_month_window_is_12_months_around_the_latest_run_or_today():
    assert month_window(date(2023, 2, 27)) == (date(2022, 2, 1), date(2024, 2, 1))
    low, high = month_window()  # no run: today
    assert low < date.today() < high
    make_run(standard_persons())
    assert month_window() == (date(2022, 2, 1), date(2024, 2, 1))
    check_months(date(2022, 2, 1), date(2024, 2, 1))
    for start, end in ((date(2099, 1, 1), date(2099, 12, 1)), (date(2022, 1, 1), date(2022, 3, 1)),
                       (date(2023, 3, 1), date(9999, 12, 1))):
        with pytest.raises(UserError) as err:
            check_months(start, end)
        assert err.value.code == "month.window" and "Februari 2024" in str(err.value)


# --- the former 500s -------------------------------------------------------------------------

@pytest.mark.django_db
def test_quote_json_answers_400_with_an_indonesian_detail(client, region):
    login(client, "kep", role="kepatuhan")
    for params in ({"income": "9" * 30}, {"income": "abc"}, {"income": "-1"}, {"segment": "XX", "income": "1000000"},
                   {"on": "0000-01-01", "income": "1000000"}, {"on": "kemarin", "income": "1000000"},
                   {"risk_class": "1e9", "segment": "PU", "income": "5000000"}, {"income": "1000000", "on": "1800-01-01"},
                   {"segment": "PU", "income": "5000000", "risk_class": "9"}):
        r = client.get("/outreach/iuran.json", params)
        assert r.status_code == 400, params
        body = json.loads(r.content)
        assert body["detail"] and "Traceback" not in body["detail"], params
    q = json.loads(client.get("/outreach/iuran.json", {"segment": "BPU", "income": "Rp 2.500.000", "jht": "1",
                                                       "on": "2023-03"}).content)
    assert q["billed"] == 81_800
    q = json.loads(client.get("/outreach/iuran.json", {"segment": "PU", "income": "5.000.000", "risk_class": "2",
                                                       "on": "2024-04-01"}).content)
    assert {line["payer_label"] for line in q["lines"]} == {"pemberi kerja", "pekerja", "pemerintah"}


@pytest.mark.django_db
def test_enrol_form_errors_next_to_the_field_never_500(client, region):
    login(client, "kep", role="kepatuhan")
    base = {"nik": region[7]["nik"], "nama": "Warga 8", "segment": "BPU", "payer": "APBDES"}
    cases = [
        ({"income": "9" * 19, "month_from": "2023-03"}, "income"),
        ({"income": "1.000.000", "month_from": "0000-01"}, "month_from"),
        ({"income": "1.000.000", "month_from": "2023-03", "month_to": "2099-12"}, "month_to"),
        ({"income": "1.000.000", "month_from": "9999-12"}, "month_from"),
        ({"income": "0", "month_from": "2023-03"}, "income"),
        ({"income": "1.000.000", "month_from": "2023-05", "month_to": "2023-03"}, "month_from"),
        ({"income": "1.000.000", "month_from": "2023-03", "payer": "EMPLOYER"}, "payer"),
    ]
    for extra, field in cases:
        r = client.post("/outreach/pendaftaran/", base | extra)
        assert r.status_code == 200, extra
        assert field in r.context["form"].errors, (extra, r.context["form"].errors)
    assert Enrolment.objects.count() == 0
    page = client.post("/outreach/pendaftaran/", base | cases[-1][0]).content.decode()
    assert "Pembayar Pemberi kerja tidak berlaku untuk BPU; pilih: Mandiri, APBD, APBDes, CSR." in page
    assert "EMPLOYER" not in page.split("<select")[0]
    r = client.post("/outreach/pendaftaran/", base | {"income": "Rp 2.500.000", "month_from": "2023-03", "month_to": "2023-04"})
    assert r.status_code == 302 and Enrolment.objects.get().income == 2_500_000


@pytest.mark.django_db
def test_enrol_page_has_month_pickers_and_plain_explanations(client, region):
    login(client, "kep", role="kepatuhan")
    page = client.get("/outreach/pendaftaran/").content.decode()
    assert 'type="month" name="month_from"' in page and 'name="month_to"' in page and 'name="months"' not in page
    assert 'min="2022-02"' in page and 'max="2024-02"' in page
    assert "docs/" not in page and "cakupan/reference" not in page and ".csv" not in page
    assert "Februari 2022" in page and "Februari 2024" in page


def test_missing_rate_message_names_no_file():
    with pytest.raises(UserError) as err:
        rate_one("bpu", date(1990, 1, 1), program="JKK")
    assert ".csv" not in str(err.value) and "cakupan/" not in str(err.value) and "1 Januari 1990" in str(err.value)


@pytest.mark.django_db
def test_services_refuse_overflowing_income_and_months_outside_the_window(region):
    nik = region[7]["nik"]
    with pytest.raises(UserError) as err:
        enrolment_register(nik=nik, nama="X", segment="BPU", payer="SELF", income=10**19,
                           month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    assert err.value.code == "amount.range"
    with pytest.raises(UserError) as err:
        enrolment_register(nik=nik, nama="X", segment="BPU", payer="SELF", income=1,
                           month_from=date(2023, 3, 1), month_to=date(2099, 12, 1))
    assert err.value.code == "month.window"
    with pytest.raises(UserError) as err:
        enrolment_register(nik=nik, nama="X", segment="PU", payer="SELF", income=5_000_000, risk_class=1, employer="CV",
                           month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    assert "SELF" not in str(err.value) and "Mandiri" in str(err.value) and "Pemberi kerja" in str(err.value)
    e = enrolment_register(nik=nik, nama="X", segment="BPU", payer="SELF", income=1,
                           month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    with pytest.raises(UserError) as err:
        payment_record(enrolment=e, month_from=date(9999, 12, 1), month_to=date(9999, 12, 1), payer="SELF")
    assert err.value.code == "month.window"
    with pytest.raises(UserError) as err:
        payment_record(enrolment=e, month_from=date(2023, 4, 1), month_to=date(2023, 4, 1), payer="EMPLOYER")
    assert err.value.code == "enrol.payer"


@pytest.mark.django_db
def test_payment_and_batch_forms_refuse_bad_months_by_the_field(client, region):
    login(client, "analis", role="analis")
    e = enrolment_register(nik=region[7]["nik"], nama="Warga 8", segment="BPU", payer="SELF", income=1,
                           month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    for months in ({"month_from": "0000-01"}, {"month_from": "9999-12"}, {"month_from": "2023-04", "month_to": "2099-12"}):
        r = client.post("/outreach/pendaftaran/bayar/", {"enrolment": e.pk, "payer": "APBDES"} | months)
        assert r.status_code == 200 and r.context["payment_form"].errors, months
    r = client.post("/outreach/pendaftaran/bayar/", {"enrolment": 10**30, "payer": "APBDES", "month_from": "2023-04"})
    assert r.status_code == 200 and "enrolment" in r.context["payment_form"].errors
    csv_file = SimpleUploadedFile("regu.csv", f"NIK;NAMA\n{region[10]['nik']};Warga 11\n".encode())
    r = client.post("/outreach/pendaftaran/kelompok/", {"file": csv_file, "segment": "PADAT_KARYA", "batch": "PK-1",
                                                        "payer": "APBDES", "month_from": "0000-01"})
    assert r.status_code == 200 and "month_from" in r.context["batch_form"].errors
    assert e.payments.count() == 1 and Enrolment.objects.count() == 1


# --- group files -------------------------------------------------------------------------------

def _post_batch(client, name, content, **extra):
    data = {"file": SimpleUploadedFile(name, content), "segment": "PADAT_KARYA", "batch": "PK-1", "payer": "APBDES",
            "month_from": "2023-07"} | extra
    return client.post("/outreach/pendaftaran/kelompok/", data, follow=True)


@pytest.mark.django_db
def test_batch_file_in_any_encoding_or_xlsx_never_a_500(client, region):
    login(client, "analis", role="analis")
    nik8, nik11 = region[7]["nik"], region[10]["nik"]
    # cp1252 (Windows Excel "CSV"): the name kept exactly, no replacement characters
    r = _post_batch(client, "regu.csv", f"NIK;NAMA\r\n{nik8};JOSÉ ÑOÑO\r\n".encode("cp1252"))
    assert r.status_code == 200 and Enrolment.objects.get(nik=nik8).nama == "JOSÉ ÑOÑO"
    # CR-only line endings (old Mac Excel)
    r = _post_batch(client, "mac.csv", f"NIK,NAMA,UPAH\r{nik11},Warga 11,Rp 1.500.000\r".encode(), batch="PK-2")
    assert r.status_code == 200 and Enrolment.objects.get(nik=nik11).income == 1_500_000
    # an XLSX given in the file field is read as XLSX
    wb = Workbook()
    wb.active.append(["NIK", "NAMA", "UPAH"])
    wb.active.append([region[8]["nik"], "Warga 9", 2_000_000])
    buf = io.BytesIO()
    wb.save(buf)
    r = _post_batch(client, "regu.xlsx", buf.getvalue(), batch="PK-3")
    assert r.status_code == 200 and Enrolment.objects.get(batch="PK-3").nama == "Warga 9"
    # binary, an old .xls, a broken zip, an empty file: refused next to the field
    for name, content in (("foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
                          ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
                          ("rusak.xlsx", b"PK\x03\x04garbage"), ("kosong.csv", b"")):
        r = _post_batch(client, name, content, batch="PK-X")
        assert r.status_code == 200, name
        assert "file" in r.context["batch_form"].errors, name
    assert not Enrolment.objects.filter(batch="PK-X").exists()


def test_read_batch_rows_refuses_a_30_digit_wage_per_row():
    rows = read_batch_csv("NIK,NAMA,UPAH\n3402011506850001,A," + "9" * 30 + "\n3402011506850002,B,2.500.000\n")
    assert rows[0]["income"] is None and "rupiah" in rows[0]["income_error"]
    assert rows[1] == {"nik": "3402011506850002", "nama": "B", "income": 2_500_000, "income_error": ""}
    with pytest.raises(UserError) as err:
        read_batch_file(b"\x00\x01\x02binary", "x.csv")
    assert err.value.code == "batch.binary"
    with pytest.raises(UserError):
        read_batch_csv('NIK,NAMA\n"3402,unterminated\n' + "x" * 200_000)  # csv.Error (field larger than limit)


@pytest.mark.django_db
def test_batch_with_a_30_digit_wage_rejects_that_row_only(region):
    rows = read_batch_csv(f"NIK,NAMA,UPAH\n{region[9]['nik']},Warga 10,{'9' * 30}\n{region[7]['nik']},Warga 8,4.000.000\n")
    r = enrolment_register_batch(rows=rows, segment="PU", payer="EMPLOYER", batch="CV-1", employer="CV Maju", risk_class=1,
                                 month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    assert len(r.registered) == 1 and r.rejected[0]["reason_code"] == "batch.income"


# --- areas and ecosystems by name ----------------------------------------------------------------

@pytest.mark.django_db
def test_partner_areas_are_checked_against_the_real_areas(client, region):
    with pytest.raises(UserError) as err:
        partner_create(name="X", kind="lurah", area_codes=["99", "abc"])
    assert err.value.code == "partner.area"
    login(client, "analis", role="analis")
    r = client.post("/outreach/mitra/buat/", {"name": "Lurah X", "kind": "lurah", "areas": ["99", "abc"]})
    assert r.status_code == 200 and "areas" in r.context["partner_form"].errors and not Partner.objects.exists()
    r = client.post("/outreach/mitra/buat/", {"name": "Lurah X", "kind": "lurah", "areas": [KAL1], "ecosystems": ["pasar"]})
    assert r.status_code == 302 and Partner.objects.get().area_codes == [KAL1]


@pytest.mark.django_db
def test_pickers_show_names_not_codes(client, region):
    login(client, "op1", role="kalurahan", area_code=KAL1)
    page = client.get("/outreach/").content.decode()
    assert "Kode wilayah" not in page
    make = page.split('id="make-form"')[1].split("</form>")[0]
    assert f'<option value="{KAL1}"' in make and "Poncosari (kalurahan)" in make and KAL2 not in make
    assert ">Padat karya<" in make and ">padat_karya<" not in make
    partner = partner_create(name="Perisai", kind="perisai")
    client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL1})
    wl = Worklist.objects.get()
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert wl.name == "Perisai — Poncosari" and KAL1 not in page.split("<h1>")[1].split("</h1>")[0]
    assert "Padukuhan (kode" not in page and f'<option value="{KAL1}.kulon">Kulon</option>' in page
    client.post(f"/outreach/daftar/{wl.pk}/serahkan/", {"assigned_to": "Sri", "padukuhan": f"{KAL1}.kulon"})
    assert set(wl.items.filter(assigned_to="Sri").values_list("padukuhan_code", flat=True)) == {f"{KAL1}.kulon"}
    r = client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KAL2})  # not in their picker
    assert r.status_code == 200 and "area" in r.context["form"].errors and Worklist.objects.count() == 1


@pytest.mark.django_db
def test_budget_form_reads_rupiah_and_bounds_it(client, region):
    login(client, "boss", role="pimpinan")
    page = client.get("/outreach/anggaran/", {"budget": "Rp 100.800", "months": "3"}).content.decode()
    assert 'data-figure="capacity">2<' in page
    for params in ({"budget": "9" * 30, "months": "3"}, {"budget": "1", "months": "3", "area": "99"},
                   {"budget": "100800", "months": "3", "quota": "9" * 30}, {"target_pct": "1e400", "months": "3"},
                   {"target_pct": "NaN", "months": "3"}):
        assert client.get("/outreach/anggaran/", params).status_code == 200, params


# --- exports: Indonesian headers and labels ------------------------------------------------------

@pytest.mark.django_db
def test_worklist_xlsx_has_names_and_labels_not_codes(region):
    from cakupan.accounts.scope import Scope

    wl = worklist_make(partner=partner_create(name="P", kind="perisai"), area_code=KAP, scope=Scope(role="admin"))
    wb = load_workbook(io.BytesIO(worklist_export_xlsx(worklist=wl, scope=Scope(role="admin"))))
    ws = wb["Daftar"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert {r["STATUS"] for r in rows} == {"Tidak aktif", "Belum terdaftar"}  # cakupan.core.labels.status_name
    assert {r["PADUKUHAN"] for r in rows} <= {"Krajan", "Kulon", "Wetan", "Lor"}
    assert all(r["KODE_PADUKUHAN"].startswith(KAP + ".") for r in rows)
    assert all("_" not in (r["ALASAN_SKOR"] or "") for r in rows)
    assert all(r["SEGMEN"] != "NONE" for r in rows)


# --- long lists are paginated, the page links keep the filters ---------------------------------

@pytest.mark.django_db
def test_lapse_list_is_paginated_and_keeps_its_filters(client):
    persons = standard_persons() + [
        person(100 + i, kal=KAL2, status="active", segment="BPU", paid_through=date(2022, 11, 1)) for i in range(60)]
    make_run(persons)
    login(client, "analis", role="analis")
    r = client.get("/outreach/akan-nonaktif/", {"within": "3", "area": KAL2})
    page = r.content.decode()
    assert page.count('<td class="nik">') == 50 and "61 peserta akan nonaktif" in page  # the 60 + Warga 3
    assert f'href="?within=3&amp;area={KAL2}&amp;page=2"' in page
    page2 = client.get("/outreach/akan-nonaktif/", {"within": "3", "area": KAL2, "page": "2"}).content.decode()
    assert page2.count('<td class="nik">') == 11
    assert client.get("/outreach/akan-nonaktif/", {"page": "abc", "within": "99", "area": "xx"}).status_code == 200


@pytest.mark.django_db
def test_worklist_index_is_paginated(client, region):
    from cakupan.accounts.scope import Scope

    partner = partner_create(name="P", kind="perisai")
    for _ in range(51):
        worklist_make(partner=partner, area_code=KAL1, scope=Scope(role="admin"), limit=1)
    login(client, "analis", role="analis")
    page = client.get("/outreach/").content.decode()
    assert page.count('href="/outreach/daftar/') == 50 and "?page=2" in page
    assert client.get("/outreach/", {"page": "2"}).content.decode().count('href="/outreach/daftar/') == 1


def test_as_of_of_the_factories_is_the_window_centre():
    assert AS_OF == date(2023, 2, 27)


@pytest.mark.django_db
def test_counts_in_messages_are_indonesian_numbers(client, region, monkeypatch):
    from cakupan.outreach import views_enrol_more
    from cakupan.outreach.services.enrolment_batch import BatchResult

    fake = BatchResult(registered=[object()] * 7_000, rejected=[{"row_number": 1_234 + i, "message": "x"} for i in range(577)])
    monkeypatch.setattr(views_enrol_more, "enrolment_register_batch", lambda **kw: fake)
    login(client, "analis", role="analis")
    page = _post_batch(client, "regu.csv", f"NIK;NAMA\n{region[7]['nik']};Warga 8\n".encode()).content.decode()
    assert "7.577 baris: 7.000 terdaftar, 577 ditolak." in page and "Baris 1.234:" in page and "527 baris lain" in page
