"""Employer compliance (PDS, issue 18 part 1): the employer register and the workers each employer
reports (every row kept, each problem reported by row), the three findings with their evidence
counted by hand, the ranked list, scope and masking on the pages, the letter and `cakupan pds`."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.compliance import selectors_pds as sel
from cakupan.compliance.letters_pds import employer_letter_html, employer_letter_pdf
from cakupan.compliance.models import Employer, PdsLetterTemplate
from cakupan.compliance.services_pds import employer_file_import, parse_rupiah, worker_file_import
from cakupan.errors import UserError
from cakupan.registries.services import snapshot_import
from tests.outreach.factories import make_areas, make_user, nik_for

AS_OF = date(2024, 1, 31)
N = [nik_for(i) for i in range(1, 10)]

EMPLOYERS = """NPP;NAMA_PERUSAHAAN;SEKTOR;JUMLAH_TK;KAPANEWON;JENIS
11111111;CV Maju Jaya;Kerajinan;;34.02.01;perusahaan
22222222;PT Besar Sekali;Garmen;150;340201;
11111111;CV Maju Jaya (cabang);Kerajinan;;34.02.01;
;Tanpa NPP;Dagang;3;34.02.01;
33333333;Dinas Pariwisata;Pemerintahan;30;34.99.99;OPD
11111111;CV Maju Jaya;Kerajinan;;34.02.01;perusahaan
"""
# CV Maju Jaya (row 2; rows 4 and 7 repeat its NPP): 5 workers counted -> kecil (5-19)
WORKERS = f"""NPP,NIK,NAMA,UPAH_DILAPORKAN,UPAH_DAFTAR_GAJI
11111111,{N[0]},Ani,2.216.463,2.216.463
11111111,{N[1]},Budi,"1.500.000","2.300.000"
11111111,{N[2]},Citra,2500000,
11111111,{N[3]},Dedi,Rp 2.300.000,2.400.000
11111111,{N[3]},Dedi lagi,2300000,
11111111,34020112345,Salah Ketik,2300000,
22222222,{N[4]},Eko,9000000,
44444444,{N[5]},Fajar,2000000,
11111111,{N[6]},Gita,dua juta,
"""
MEMBERS = f"""KPJ;NIK;NAMA;SEGMEN;PROGRAM;STATUS;NPP;NAMA_PERUSAHAAN
24000000001;{N[0]};Ani;PU;JKK+JKM+JHT;AKTIF;11111111;CV Maju Jaya
24000000002;{N[1]};Budi;PU;JKK,JKM;AKTIF;11111111;CV Maju Jaya
24000000003;{N[2]};Citra;PU;JKK,JKM,JHT;NON AKTIF;11111111;CV Maju Jaya
24000000004;{N[3]};Dedi;BPU;JKK,JKM;AKTIF;;
24000000005;{N[4]};Eko;PU;JKK,JKM,JHT;AKTIF;22222222;PT Besar Sekali
24000000006;{N[7]};Hadi;PU;JKK,JKM,JHT,JP;AKTIF;22222222;PT Besar Sekali
"""
# the population's occupation data: Dedi WIRASWASTA (88), Gita KARYAWAN SWASTA (15); Citra is not a resident
POPULATION = f"""NIK;NAMA;KODE_WILAYAH;JENIS_PKRJN
{N[3]};Dedi;34.02.01.2001;88
{N[6]};Gita;34.02.01.2001;15
"""


@pytest.fixture
def loaded(db, cakupan_home, tmp_path):
    from cakupan.registries.occupations import occupation_mapping_ensure

    make_areas()
    occupation_mapping_ensure()
    for kind, text in (("members", MEMBERS), ("population", POPULATION)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        snapshot_import(kind=kind, path=path, as_of=AS_OF)
    er = employer_file_import(data=EMPLOYERS.encode("cp1252"), name="pemberi_kerja.csv", as_of=AS_OF, by="t")
    wr = worker_file_import(data=WORKERS.encode(), name="tenaga_kerja.csv", as_of=AS_OF, by="t")
    return er, wr


def _check(npp="11111111"):
    return sel.employer_check(employer=sel.employer_access(scope=Scope(role="kepatuhan"), npp=npp))


def test_rupiah_parsing():
    assert [parse_rupiah(t) for t in ("2.066.438", "Rp 2.066.438", "2,066,438", "2066438", "2066438.0",
                                      "2.066.438,00", "dua juta", "", "2.066,438")] == [
        2066438, 2066438, 2066438, 2066438, 2066438, 2066438, None, None, None]


@pytest.mark.django_db
def test_duplicate_npps_reported_by_row_and_nothing_lost(loaded):
    er, _wr = loaded
    assert er.rows == 6 == Employer.objects.filter(file=er.file).count()
    issues = {i.row_number: (i.code, i.message) for i in er.issues}
    assert {n: c for n, (c, _m) in issues.items()} == {
        4: "npp.ganda", 5: "npp.kosong", 6: "kapanewon.tidak_dikenal", 7: "npp.ganda"}
    assert issues[4][1] == "NPP 11111111 sudah ada di baris 2 (berbeda: nama); baris 2 yang dipakai."
    assert issues[7][1] == "NPP 11111111 sudah ada di baris 2 (isi sama); baris 2 yang dipakai."
    assert sel.register_npps() == {"11111111", "22222222", "33333333"}
    e = sel.employer_access(scope=Scope(role="admin"), npp="11111111")
    assert (e.row_number, e.name, e.kapanewon_code) == (2, "CV Maju Jaya", "34.02.01")
    assert [d.row_number for d in sel.employer_duplicates(employer=e)] == [4, 7]
    opd = sel.employer_access(scope=Scope(role="admin"), npp="33333333")
    assert (opd.kind, opd.kapanewon_code) == ("opd", "")


@pytest.mark.django_db
def test_worker_rows_kept_with_their_issues(loaded):
    _er, wr = loaded
    assert wr.rows == 9
    assert {i.row_number: i.code for i in wr.issues} == {
        6: "duplikat", 7: "nik.length", 9: "npp.tidak_dikenal", 10: "upah.tidak_sah"}


@pytest.mark.django_db
def test_three_findings_counted_by_hand(loaded):
    c = _check()
    assert (c.workers_listed, c.members_active, c.size_class) == (5, 2, "kecil")  # Ani, Budi, Citra, Dedi, Gita
    tk, wage, prog = c.findings
    # Citra: non-active under the NPP; Dedi: a BPU member, not under the NPP; Gita: not a member
    assert (tk.code, tk.state, tk.count) == ("PDS-TK", "temuan", 3)
    assert [e["pekerjaan"] for e in tk.evidence] == ["tidak ada di data penduduk", "WIRASWASTA", "KARYAWAN SWASTA"]
    assert [(e["nama"], e["why"]) for e in tk.evidence] == [
        ("Citra", "terdaftar di NPP ini dengan status NON AKTIF"),
        ("Dedi", "tidak terdaftar di NPP ini; tercatat sebagai peserta segmen BPU, status AKTIF"),
        ("Gita", "tidak ditemukan di data peserta")]
    # UMK Bantul 2024 Rp 2.216.463: Budi 1.500.000 (also below his payroll 2.300.000); Dedi 2.300.000 < 2.400.000
    assert (wage.state, wage.count) == ("temuan", 2)
    assert [(e["nama"], e["why"]) for e in wage.evidence] == [
        ("Budi", "di bawah UMK Rp 2.216.463; di bawah upah daftar gaji Rp 2.300.000"),
        ("Dedi", "di bawah upah daftar gaji Rp 2.400.000")]
    assert wage.basis == "Keputusan Gubernur DIY Nomor 396/KEP/2023 (30 November 2023) (UMK Kabupaten Bantul 2024: Rp 2.216.463,00)"
    # small: JKK, JKM, JHT; Budi holds JKK, JKM
    assert (prog.state, prog.count, prog.evidence[0]["nama"], prog.evidence[0]["why"]) == ("temuan", 1, "Budi", "tanpa JHT")
    assert prog.basis == "Perpres 109/2013 ps. 6 ayat (3) huruf b; PP 44/2015 (JKK); PP 44/2015 (JKM); PP 46/2015 (JHT)"
    assert c.missing == 3


@pytest.mark.django_db
def test_large_employer_needs_jp_and_region_without_umk(loaded):
    c = _check("22222222")
    assert c.size_class == "besar"  # 150 declared
    tk, wage, prog = c.findings
    assert (tk.state, tk.count) == ("patuh", 0)
    assert wage.state == "patuh"  # 9.000.000 >= UMK
    assert (prog.count, prog.evidence[0]["nama"], prog.evidence[0]["why"]) == (1, "Eko", "tanpa JP")
    assert sel.umk_for(kabupaten="33.10", on=AS_OF) is None
    assert sel.umk_for(kabupaten="34.02", on=date(2025, 1, 1)) is None
    assert sel.umk_for(kabupaten="34.02", on=date(2023, 6, 1))["umk"] == 2066438  # Rp 2.066.438,82: sen dropped


def test_programs_by_size_follow_perpres_109_2013():
    names = {c: [r["program"] for r in sel.programs_required(size_class=c, on=AS_OF)]
             for c in ("mikro", "kecil", "menengah", "besar")}
    assert names == {"mikro": ["JKK", "JKM"], "kecil": ["JKK", "JKM", "JHT"], "menengah": ["JKK", "JKM", "JHT", "JP"],
                     "besar": ["JKK", "JKM", "JHT", "JP"]}
    assert sel.programs_required(size_class="besar", on=date(2015, 6, 30)) == []  # phased from 1 July 2015
    assert [sel.size_class_of(n) for n in (1, 4, 5, 19, 20, 99, 100, 5000)] == [
        "mikro", "mikro", "kecil", "kecil", "menengah", "menengah", "besar", "besar"]
    micro = sel._finding_program("mikro", [{"nik": N[0], "nama": "A", "kpj": "1", "program": "JKK,JKM", "status": "AKTIF"}],
                                 AS_OF)
    assert (micro.state, micro.count) == ("patuh", 0)


@pytest.mark.django_db
def test_region_or_year_without_umk_is_said_not_guessed(loaded):
    from cakupan.compliance.models import EmployerWorker

    def wage_finding(kapanewon, on):
        e = Employer(npp="1", name="X", kapanewon_code=kapanewon)
        ws = [EmployerWorker(row_number=2, npp="1", nik=N[0], nik_ok=True, nama="A", wage_reported=1_000_000,
                             wage_roster=1_200_000)]
        return sel._finding_wage(e, ws, on)

    klaten = wage_finding("33.10.01", AS_OF)
    assert klaten.state == "temuan" and klaten.basis == ""  # below the roster wage only
    assert "UMK belum ada untuk 33.10 tahun 2024" in klaten.summary
    assert klaten.evidence[0]["why"] == "di bawah upah daftar gaji Rp 1.200.000"
    later = wage_finding("34.02.01", date(2025, 3, 1))
    assert "UMK belum ada untuk 34.02 tahun 2025" in later.summary
    unknown = wage_finding("", AS_OF)
    assert "kapanewon pemberi kerja tidak diketahui" in unknown.summary
    sleman = wage_finding("34.04.01", AS_OF)
    assert sleman.evidence[0]["why"].startswith("di bawah UMK Rp 2.315.976")


@pytest.mark.django_db
def test_ranked_by_workers_missing_and_scoped(loaded):
    rows = sel.employers_ranked(scope=Scope(role="kepatuhan"))
    assert [(r.employer.npp, r.check.missing) for r in rows] == [("11111111", 3), ("22222222", 0), ("33333333", 0)]
    opd = rows[2].check
    assert opd.findings[1].state == "tidak_diperiksa"  # no workers listed for the OPD
    assert [r.employer.npp for r in sel.employers_ranked(scope=Scope(role="kapanewon", area_code="34.02.01"))] == [
        "11111111", "22222222"]
    assert sel.employers_ranked(scope=Scope(role="kapanewon", area_code="34.02.02")) == []
    assert sel.employers_ranked(scope=Scope(role="kalurahan", area_code="34.02.01.2001")) == []
    assert [r.employer.npp for r in sel.employers_ranked(scope=Scope(role="mitra", org="pt besar sekali"))] == ["22222222"]


@pytest.mark.django_db
def test_xlsx_with_title_rows_and_spreadsheet_numbers(loaded, tmp_path):
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Daftar pemberi kerja Kabupaten Bantul"])  # a title above the header
    ws.append(["NPP", "Nama Perusahaan", "Jumlah TK", "Kode Kapanewon"])
    ws.append([55555555, "UD Sumber Rejeki", 12.0, "34.02.01"])
    ws.append([55555555, "UD Sumber Rejeki", 12.0, "34.02.01"])
    buf = BytesIO()
    wb.save(buf)
    report = employer_file_import(data=buf.getvalue(), name="pk.xlsx", as_of=AS_OF)
    assert report.rows == 2 and [(i.row_number, i.code) for i in report.issues] == [(4, "npp.ganda")]
    e = sel.employer_access(scope=Scope(role="admin"), npp="55555555")
    assert (e.row_number, e.workers_declared, e.kapanewon_code) == (3, 12, "34.02.01")
    assert sel.employer_access(scope=Scope(role="admin"), npp="5555\x005555") is None


@pytest.mark.django_db
def test_bad_files_refused_with_one_line(loaded):
    with pytest.raises(UserError, match="tidak memiliki kolom NPP"):
        employer_file_import(data=b"NAMA;SEKTOR\nA;B\n", name="x.csv", as_of=AS_OF)
    with pytest.raises(UserError, match="kosong"):
        employer_file_import(data=b"", name="x.csv", as_of=AS_OF)
    with pytest.raises(UserError, match="xls"):
        worker_file_import(data=b"\xd0\xcf\x11\xe0", name="x.xls", as_of=AS_OF)
    with pytest.raises(UserError, match="tidak dapat dibaca sebagai CSV"):
        employer_file_import(data=b'NPP;NAMA\n1;"' + b"x" * 200_000 + b'"\n', name="x.csv", as_of=AS_OF)
    with pytest.raises(UserError, match="XLSX"):
        employer_file_import(data=b"PK\x03\x04 rusak", name="x.xlsx", as_of=AS_OF)
    with pytest.raises(UserError, match="NUL"):
        employer_file_import(data=b"N\x00P\x00P\x00", name="x.csv", as_of=AS_OF)
    with pytest.raises(UserError, match="NPP dan NIK"):
        worker_file_import(data=b"NPP;NAMA\n1;A\n", name="x.csv", as_of=AS_OF)


@pytest.mark.django_db
def test_letter_from_shipped_and_office_template(loaded):
    c = _check()
    html = employer_letter_html(check=c, office="BPJS Ketenagakerjaan Cabang Bantul", today=date(2024, 2, 5))
    assert "CV Maju Jaya" in html and "5 Februari 2024" in html and "PDS-TK" in html
    assert N[6] not in html and (N[6][:4] + "********" + N[6][-4:]) in html  # NIK masked
    assert employer_letter_pdf(check=c, office="Kantor").startswith(b"%PDF")
    PdsLetterTemplate.objects.create(body="Yth. {{ employer.name }}: {{ findings|length }} temuan.")
    assert employer_letter_html(check=c, office="x") == "Yth. CV Maju Jaya: 3 temuan."
    PdsLetterTemplate.objects.create(body="{% for %}")
    with pytest.raises(UserError, match="Templat surat PDS"):
        employer_letter_html(check=c, office="x")
    with pytest.raises(UserError, match="tidak memiliki temuan"):
        employer_letter_pdf(check=_check("33333333"), office="x")


@pytest.mark.django_db
def test_office_edits_the_letter_in_the_admin(loaded, client):
    from cakupan.accounts.services import user_create

    user_create(username="kantor", role="admin", password="rahasia-kantor-123")  # admins are Django staff
    client.login(username="kantor", password="rahasia-kantor-123")
    url = "/admin/compliance/pdslettertemplate/add/"
    form = client.get(url)
    assert form.status_code == 200 and "Pemberitahuan hasil pemeriksaan kepesertaan" in form.content.decode()
    bad = client.post(url, {"body": "{% for %}", "note": "rusak"})
    assert bad.status_code == 200 and "Templat tidak sah" in bad.content.decode()
    assert not PdsLetterTemplate.objects.exists()
    ok = client.post(url, {"body": "Kepada {{ employer.name }} ({{ employer.npp }})", "note": "versi kantor"})
    assert ok.status_code == 302
    saved = PdsLetterTemplate.objects.get()
    assert (saved.updated_by, saved.note) == ("kantor", "versi kantor")
    assert employer_letter_html(check=_check(), office="x") == "Kepada CV Maju Jaya (11111111)"


@pytest.mark.django_db
def test_pages_scope_masking_and_audit(loaded, client):
    make_user("kep", role="kepatuhan")
    client.login(username="kep", password="rahasia-123")
    page = client.get("/kepatuhan/pds/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("CV Maju Jaya") < body.index("PT Besar Sekali")
    assert "npp.ganda" in body or "NPP 11111111 sudah ada di baris 2" in body
    detail = client.get("/kepatuhan/pds/11111111/")
    assert detail.status_code == 200 and N[6] in detail.content.decode()
    assert AuditLog.objects.filter(action="view_pds_workers").count() == 1
    from django.utils import translation

    with translation.override("en"):
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        english = client.get("/kepatuhan/pds/11111111/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        ranked = client.get("/kepatuhan/pds/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Workers not registered" in english and "Evidence" in english
    assert "3 of 5 workers reported are not active members under this NPP." in english
    assert "small (by 5 workers reported)" in english and "without JHT" in english
    assert "Employers registering part" in ranked
    pdf = client.get("/kepatuhan/pds/11111111/surat.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    make_user("kap", role="kapanewon", area_code="34.02.01")
    client.logout()
    client.login(username="kap", password="rahasia-123")
    masked = client.get("/kepatuhan/pds/11111111/").content.decode()
    assert N[6] not in masked and N[6][:4] + "********" + N[6][-4:] in masked
    assert client.get("/kepatuhan/pds/33333333/").status_code == 404  # the OPD has no kapanewon here
    assert client.get("/kepatuhan/pds/1%00/").status_code in (400, 404)
    assert client.get("/kepatuhan/pds/" + "9" * 300 + "/").status_code == 404
    assert client.post("/kepatuhan/pds/impor/", {"kind": "pemberi_kerja"}).status_code == 403
    make_user("pim", role="pimpinan")
    client.logout()
    client.login(username="pim", password="rahasia-123")
    boss = client.get("/kepatuhan/pds/11111111/").content.decode()
    assert "Gita" not in boss and "PDS-TK" in boss


@pytest.mark.django_db
def test_opd_page_joins_the_opd_roster(loaded, client):
    from cakupan.compliance.models import RosterStatus
    from tests.outreach.factories import make_run

    run = make_run([])
    RosterStatus.objects.bulk_create([
        RosterStatus(run=run, roster_kind="opd", nik=N[8], nama="Staf 1", org="DINAS PARIWISATA", status="active"),
        RosterStatus(run=run, roster_kind="opd", nik=N[7], nama="Staf 2", org="DINAS PARIWISATA", status="none")])
    make_user("kep3", role="kepatuhan")
    client.login(username="kep3", password="rahasia-123")
    page = client.get("/kepatuhan/pds/33333333/").content.decode()
    assert "Daftar non-ASN OPD ini pada hasil proses terakhir: 2 orang, 1 peserta aktif." in page
    assert "/kepatuhan/opd/orang/?g=DINAS%20PARIWISATA" in page
    assert 'id="opd-roster"' not in client.get("/kepatuhan/pds/11111111/").content.decode()


@pytest.mark.django_db
def test_upload_page_reports_rows(loaded, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_user("kep2", role="kepatuhan")
    client.login(username="kep2", password="rahasia-123")
    f = SimpleUploadedFile("pk.csv", EMPLOYERS.encode())
    r = client.post("/kepatuhan/pds/impor/", {"kind": "pemberi_kerja", "as_of": "2024-01-31", "file": f}, follow=True)
    assert r.status_code == 200 and "6 baris" in r.content.decode()
    bad = client.post("/kepatuhan/pds/impor/", {"kind": "pemberi_kerja", "as_of": "2024-01-31",
                                                "file": SimpleUploadedFile("x.csv", b"A;B\n1;2\n")}, follow=True)
    assert "tidak memiliki kolom NPP" in bad.content.decode()
    assert client.post("/kepatuhan/pds/impor/", {"kind": "x", "as_of": "kemarin"}, follow=True).status_code == 200


@pytest.mark.django_db
def test_cli(loaded, tmp_path):
    from cakupan.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["pds", "daftar", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [(d["npp"], d["missing"]) for d in data][:2] == [("11111111", 3), ("22222222", 0)]
    out = runner.invoke(app, ["pds", "daftar", "--kapanewon", "34.02.02", "--format", "json"])
    assert out.exit_code == 0 and json.loads(out.output) == []
    out = runner.invoke(app, ["pds", "daftar", "--kapanewon", "34.02"])
    assert isinstance(out.exception, UserError) and "bukan kode kapanewon" in str(out.exception)
    out = runner.invoke(app, ["pds", "cek", "11111111", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert {f["code"]: f["count"] for f in json.loads(out.output)["findings"]} == {
        "PDS-TK": 3, "PDS-Upah": 2, "PDS-Program": 1}
    pdf = tmp_path / "surat.pdf"
    out = runner.invoke(app, ["pds", "surat", "11111111", str(pdf)])
    assert out.exit_code == 0, out.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert list(AuditLog.objects.order_by("id").values_list("action", "rows")) == [
        ("view_pds_workers", 6), ("letter_pds", 6)]
    f = tmp_path / "pk.csv"
    f.write_text(EMPLOYERS, encoding="utf-8")
    out = runner.invoke(app, ["pds", "impor", "pemberi_kerja", str(f), "--as-of", "2024-01-31"])
    assert out.exit_code == 0, out.output
    assert "baris 4" in out.output and "npp.ganda" in out.output
    out = runner.invoke(app, ["pds", "cek", "99999999"])
    assert out.exit_code != 0 and isinstance(out.exception, UserError) and "tidak ditemukan" in str(out.exception)
