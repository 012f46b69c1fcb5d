"""Padat karya before the start: the project register, the crew list (every row kept, each issue
reported by row), the check "every crew member aged <= 65 is covered for JKK + JKM on the start
date", the batch enrolment through outreach's services, the pages and `cakupan proyek`."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.compliance import selectors_padat_karya as sel
from cakupan.compliance.models import PadatKaryaProject
from cakupan.compliance.services_padat_karya import project_create, project_crew_enrol, project_crew_import
from cakupan.errors import UserError
from cakupan.outreach.models import Enrolment
from cakupan.outreach.services import enrolment_register_batch
from cakupan.web.padat_karya import crew_enrol, crew_file_import
from tests.outreach.factories import KAL1, KAL2, make_run, make_user, nik_for, person

START = date(2023, 3, 6)
OUTSIDER = "3471011505900001"  # Kota Yogyakarta: not a Bantul NIK, not in Bantul's population


def _persons():
    return [
        person(1),  # not a member
        person(2, status="active", segment="BPU", paid_through=date(2023, 2, 1)),  # covered through the grace months
        person(3, status="nonactive", segment="BPU", paid_through=date(2022, 6, 1)),  # lapsed
        person(4, age=70),  # over 65: outside the check
        person(5, status="active", segment="BPU", paid_through=date(2022, 11, 1)),  # active now, lapsed by March
    ]


@pytest.fixture
def persons(db):
    ps = _persons()
    make_run(ps)
    return ps


def _project(**kw):
    args = dict(code="PK-2023-001", name="Talud Krajan", kalurahan_code=KAL1, start_date=START, crew_size=26,
                funding="APBDES", by="t")
    args.update(kw)
    return project_create(**args)


def _crew(ps):
    return [{"nik": p["nik"], "nama": p["nama"]} for p in ps] + [
        {"nik": "34020112345", "nama": "Salah Ketik"},  # row 7: invalid NIK
        {"nik": ps[0]["nik"], "nama": "Warga 1 lagi"},  # row 8: repeated
        {"nik": OUTSIDER, "nama": "Tamu Kota"},  # row 9: from outside the region
    ]


@pytest.mark.django_db
def test_project_register_refuses_bad_values(persons):
    with pytest.raises(UserError, match="26 atau 52"):
        _project(crew_size=30)
    with pytest.raises(UserError, match="bukan kode kalurahan"):
        _project(kalurahan_code="34.02.99.9999")
    with pytest.raises(UserError, match="APBD"):
        _project(funding="DANA")
    p = _project()
    assert (p.duration_days, p.status) == (21, "belum_siap")
    with pytest.raises(UserError, match="sudah dipakai"):
        _project()


@pytest.mark.django_db
def test_crew_keeps_every_row_and_reports_each_issue_by_row(persons):
    p = _project()
    report = project_crew_import(project=p, rows=_crew(persons))
    assert report.rows == 8 == p.crew.count()  # nothing lost
    issues = {i.row_number: i.code for i in report.issues}
    assert issues == {7: "nik.length", 8: "duplikat", 9: "luar_wilayah"}
    outsider = next(i for i in report.issues if i.row_number == 9)
    assert "Bukan warga Bantul" in outsider.message and "tetap diperiksa" in outsider.message

    check = sel.crew_check(project=p)
    states = {r.crew.row_number: r.state for r in check.rows}
    assert states == {2: "belum", 3: "tercakup", 4: "belum", 5: "usia", 6: "bayar", 7: "nik_tidak_sah",
                      8: "duplikat", 9: "belum"}
    assert (check.uncovered, check.to_enrol, check.crew_listed) == (4, 3, 7) and not check.ready
    assert next(r for r in check.rows if r.state == "bayar").lapse_month == date(2023, 3, 1)


@pytest.mark.django_db
def test_batch_enrolment_pays_the_start_month_by_the_funding_source(persons):
    p = _project()
    project_crew_import(project=p, rows=_crew(persons))
    result, amount = crew_enrol(project=p, by="kepatuhan1")
    # row 6 is an active member who lapses by March: the missing months are due, not a new enrolment
    assert len(result.registered) == 3 and not result.rejected
    assert 6 not in {crew.row_number for crew, _e in result.registered}
    enrolments = Enrolment.objects.filter(batch="PK-2023-001")
    assert {e.segment for e in enrolments} == {"PADAT_KARYA"} and {e.payer for e in enrolments} == {"APBDES"}
    assert {e.programs for e in enrolments} == {"JKK,JKM"}
    # JKK 1 % of Rp 1.000.000 + JKM Rp 6.800 (PP 44/2015 as amended), March only: 21 days inside one month
    assert {(pay.month_from, pay.month_to, pay.amount) for e in enrolments for pay in e.payments.all()} == {
        (date(2023, 3, 1), date(2023, 3, 1), 16_800)}
    assert amount == 3 * 16_800
    p.refresh_from_db()
    assert p.status == "belum_siap"  # the invalid NIK (row 7) cannot be checked; row 6 must pay
    # the corrected list: the enrolled keep their enrolment, the project is ready
    fixed = [r for r in _crew(persons) if r["nama"] not in ("Salah Ketik", "Warga 5")]
    report = project_crew_import(project=p, rows=fixed)
    assert report.kept_enrolments == 3
    p.refresh_from_db()
    assert p.status == "siap_mulai"
    again = project_crew_enrol(project=p, register_batch=enrolment_register_batch)
    assert again.ready and not again.registered and Enrolment.objects.count() == 3


@pytest.mark.django_db
def test_a_project_across_two_months_pays_both(persons):
    p = _project(code="PK-2023-002", start_date=date(2023, 3, 25), crew_size=52, funding="APBD")
    project_crew_import(project=p, rows=[{"nik": persons[0]["nik"], "nama": "Warga 1"}])
    result, amount = crew_enrol(project=p)
    assert (result.month_from, result.month_to) == (date(2023, 3, 1), date(2023, 4, 1))
    assert amount == 2 * 16_800 and result.ready


@pytest.mark.django_db
def test_refused_rows_are_reported_and_keep_the_project_waiting(persons):
    p = _project()
    project_crew_import(project=p, rows=[{"nik": persons[0]["nik"], "nama": "Warga 1"}])
    calls = []

    def refuse_all(**kw):
        calls.append(kw)
        return type("R", (), {"registered": [], "rejected": [
            {"row_number": 2, "nik": kw["rows"][0]["nik"], "nama": "Warga 1", "reason_code": "enrol.duplicate",
             "message": "sudah didaftarkan"}]})()

    result = project_crew_enrol(project=p, register_batch=refuse_all)
    assert calls[0]["payer"] == "APBDES" and calls[0]["segment"] == "PADAT_KARYA"
    assert [(i.row_number, i.code) for i in result.rejected] == [(2, "enrol.duplicate")]
    assert p.crew.get().enrol_error == "sudah didaftarkan" and not result.ready


@pytest.mark.django_db
def test_crew_file_with_outsiders_is_read_whole(persons):
    p = _project()
    data = ("NIK;NAMA\n" + "\n".join(f"{r['nik']};{r['nama']}" for r in _crew(persons))).encode("utf-8")
    report = crew_file_import(project=p, data=data, name="kru.csv")
    assert report.rows == 8 and [i.row_number for i in report.issues] == [7, 8, 9]
    with pytest.raises(UserError, match="NIK dan NAMA"):
        crew_file_import(project=p, data=b"A;B\n1;2\n", name="kru.csv")
    assert p.crew.count() == 8  # a refused file changes nothing


@pytest.mark.django_db
def test_upcoming_list_is_scoped_and_drops_ready_projects(persons):
    p = _project()
    project_crew_import(project=p, rows=_crew(persons)[:2])
    _project(code="PK-2023-009", kalurahan_code=KAL2, start_date=date(2023, 4, 20))  # beyond 14 days
    today = date(2023, 3, 1)
    assert [r.project.code for r in sel.projects_list(scope=Scope(role="kepatuhan"), today=today)] == ["PK-2023-001"]
    assert sel.projects_list(scope=Scope(role="kalurahan", area_code=KAL2), today=today) == []
    assert len(sel.projects_list(scope=Scope(role="kalurahan", area_code=KAL2), today=today, upcoming_only=False)) == 1
    assert sel.projects_list(scope=Scope(role="mitra", org="X", ecosystems=("pasar",)), today=today) == []
    crew_enrol(project=p)
    assert sel.projects_list(scope=Scope(role="kepatuhan"), today=today) == []  # ready: off the list


@pytest.mark.django_db
def test_pages_mask_audit_and_enrol(persons, client):
    p = _project()
    project_crew_import(project=p, rows=_crew(persons))
    make_user("lurah1", role="kalurahan", area_code=KAL1)
    make_user("lurah2", role="kalurahan", area_code=KAL2)
    make_user("boss", role="pimpinan")
    client.login(username="lurah2", password="rahasia-123")
    assert client.get(f"/kepatuhan/proyek/{p.pk}/").status_code == 404
    client.login(username="boss", password="rahasia-123")
    page = client.get(f"/kepatuhan/proyek/{p.pk}/").content.decode()
    assert "Warga 1" not in page and "di atas 65 tahun" in page.lower()
    assert client.post(f"/kepatuhan/proyek/{p.pk}/daftarkan/").status_code == 403
    client.login(username="lurah1", password="rahasia-123")
    page = client.get(f"/kepatuhan/proyek/{p.pk}/").content.decode()
    assert persons[0]["nik"] not in page and persons[0]["nik"][:4] + "********" in page
    assert "34020112345" not in page and "***********" in page  # the invalid NIK is masked too
    assert "Bukan warga Bantul" in page and "baris 2" in page.lower()
    # the payer's bill from outreach's dated BPU rates, each line with its regulation
    assert "3 pekerja × 1 bulan = Rp 50.400" in page and "JKM Rp 6.800 (PP 44/2015 jo. PP 82/2019" in page
    assert AuditLog.objects.filter(action="view_padat_karya_crew", username="lurah1").exists()
    resp = client.post(f"/kepatuhan/proyek/{p.pk}/daftarkan/", follow=True)
    assert "3 pekerja didaftarkan" in resp.content.decode() and "Rp 50.400); 0 ditolak" in resp.content.decode()
    assert "tanpa perlindungan mulai Maret 2023 bila iuran tidak dibayar" in resp.content.decode()
    assert Enrolment.objects.filter(batch=p.code, created_by_name="lurah1").count() == 3


@pytest.mark.django_db
def test_new_project_form_errors_in_one_line(persons, client):
    make_user("kep1", role="kepatuhan")
    client.login(username="kep1", password="rahasia-123")
    resp = client.post("/kepatuhan/proyek/baru/", {"code": "PK-1", "name": "Jalan", "kalurahan": KAL1,
                                                   "start_date": "2023-03-06", "duration_days": "21", "crew_size": "26",
                                                   "funding": "APBDES"})
    assert resp.status_code == 302 and PadatKaryaProject.objects.get().code == "PK-1"
    resp = client.post("/kepatuhan/proyek/baru/", {"code": "PK-1", "name": "Jalan", "kalurahan": KAL1,
                                                   "start_date": "2023-03-06", "duration_days": "21", "crew_size": "26",
                                                   "funding": "APBDES"})
    assert resp.status_code == 400 and "sudah dipakai" in resp.content.decode()


@pytest.mark.django_db
def test_cli_register_crew_list_enrol(persons, tmp_path):
    from cakupan.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["proyek", "tambah", "PK-7", "--nama", "Talud", "--kalurahan", KAL1, "--mulai", "2023-03-06",
                            "--kru", "26", "--dana", "apbdes"])
    assert r.exit_code == 0, r.output
    f = tmp_path / "kru.csv"
    f.write_text("NIK,NAMA\n" + "\n".join(f"{x['nik']},{x['nama']}" for x in _crew(persons)), encoding="utf-8")
    r = runner.invoke(app, ["proyek", "kru", "PK-7", str(f)])
    assert r.exit_code == 0 and "8 baris kru dibaca, 3 bermasalah" in r.output, r.output
    r = runner.invoke(app, ["proyek", "daftar", "--hari-ini", "2023-03-01", "--format", "json"])
    rows = json.loads(r.output)
    assert [(x["code"], x["uncovered"], x["to_enrol"], x["ready"]) for x in rows] == [("PK-7", 4, 3, False)]
    r = runner.invoke(app, ["proyek", "daftarkan", "PK-7"])
    out = " ".join(r.output.split())
    assert r.exit_code == 0 and "3 pekerja didaftarkan (JKK + JKM, Maret 2023 s.d. Maret 2023, dibayar APBDes, Rp 50.400)" in out, out
    r = runner.invoke(app, ["proyek", "cek", "PK-7", "--format", "json"])
    out = json.loads(r.output)
    assert out["status"] == "belum_siap" and out["counts"]["didaftarkan"] == 3 and out["counts"]["nik_tidak_sah"] == 1
    assert nik_for(1, birth=persons[0]["birth_date"]) == persons[0]["nik"]
    r = runner.invoke(app, ["proyek", "cek", "PK-404"])
    assert r.exit_code != 0 and "tidak ditemukan" in str(r.exception)


def test_english_catalogue_is_complete_and_compiled():
    import gettext
    from pathlib import Path

    from tests.web.test_i18n import po_entries

    folder = Path(__file__).resolve().parents[2] / "cakupan" / "compliance" / "locale" / "en" / "LC_MESSAGES"
    entries = po_entries(folder / "django.po")
    mo = gettext.GNUTranslations(open(folder / "django.mo", "rb"))
    assert entries and all(e["msgstr"] for e in entries)
    assert all(mo.gettext(e["msgid"]) == e["msgstr"] for e in entries)


@pytest.mark.django_db
def test_english_page(persons, client):
    from django.utils import translation

    p = _project()
    make_user("kep1", role="kepatuhan")
    client.login(username="kep1", password="rahasia-123")
    with translation.override("en"):
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = client.get(f"/kepatuhan/proyek/{p.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Workers over 65 are not checked" in page and "6 March 2023" in page


@pytest.mark.django_db
def test_a_bad_crew_file_is_one_line_and_changes_nothing(persons, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = _project()
    project_crew_import(project=p, rows=_crew(persons))
    make_user("kep1", role="kepatuhan")
    client.login(username="kep1", password="rahasia-123")
    for upload, words in ((SimpleUploadedFile("kru.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), "Excel lama"),
                          (SimpleUploadedFile("kru.csv", b"NAMA\nPaijo\n"), "NIK dan NAMA")):
        page = client.post(f"/kepatuhan/proyek/{p.pk}/kru/", {"file": upload}, follow=True).content.decode()
        assert words in page and "Traceback" not in page
    page = client.post(f"/kepatuhan/proyek/{p.pk}/kru/", {}, follow=True).content.decode()
    assert "Pilih berkas daftar kru" in page
    assert p.crew.count() == 8
