"""A school's worklist (teachers, issue 18 part 3): the honorary teachers of one school on the guru
roster who are not active members, ranked like every worklist; the partner of kind sekolah; the
user's scope; the CLI; the button on the teachers' page; the English label.

The fixture: a guru roster snapshot (the file the run read) with two schools and a teacher who does
not live in the region, the run's persons, and the roster status the teachers' page lists.
"""
from __future__ import annotations

import io
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.utils import translation
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope, scope_for
from cakupan.compliance.models import RosterStatus
from cakupan.errors import UserError
from cakupan.outreach.models import Partner, Worklist
from cakupan.outreach.services import partner_create, school_worklist_make, worklist_export_xlsx
from cakupan.registries.models import Snapshot

from .factories import AS_OF, KAL1, KAL2, KAP, make_run, make_user, person

ADMIN = Scope(role="admin")
SD2, SMP1 = "SD NEGERI 2 BANTUL", "SMP NEGERI 1 SEWON"


def _persons() -> list[dict]:
    return [
        person(401, status="none", ecosystem="guru", age=28),                            # SD2, KAL1
        person(402, kal=KAL2, status="nonactive", segment="BPU", ecosystem="guru",       # SD2, KAL2
               paid_through=date(2022, 6, 1), age=33),
        person(403, status="active", segment="BPU", ecosystem="guru", paid_through=date(2023, 2, 1)),  # SD2, covered
        person(404, status="none", ecosystem="guru", age=45),                            # SMP1, KAL1
        person(405, status="none", ecosystem="rentan", age=40),                          # no school
    ]


@pytest.fixture
def school_run(cakupan_home):
    persons = _persons()
    run = make_run(persons)
    nik = {int(p["nama"].split()[-1]): p["nik"] for p in persons}
    roster = [  # (nik, name, school as the roster writes it)
        (nik[401], "Warga 401", "SD Negeri 2 Bantul"), (nik[402], "Warga 402", SD2), (nik[403], "Warga 403", SD2),
        (nik[404], "Warga 404", SMP1),
        ("3471015505900001", "Guru Kota", SD2),   # lives outside the region: counted, not on a worklist
    ]
    folder = cakupan_home / "snapshots" / "roster-guru"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"nik": [r[0] for r in roster], "nama": [r[1] for r in roster],
                             "org": [r[2] for r in roster], "jabatan": ["GURU HONORER"] * len(roster)}),
                   folder / "1.parquet")
    Snapshot.objects.create(kind="roster", roster_kind="guru", as_of=AS_OF, file_name="guru.csv", file_sha256="a" * 64,
                            rows_read=len(roster), rows_loaded=len(roster), rows_quarantined=0,
                            data_path="snapshots/roster-guru/1.parquet")
    status = {p["nik"]: p["status"] for p in persons}
    RosterStatus.objects.bulk_create([
        RosterStatus(run=run, roster_kind="guru", nik=n, nama=nama, org=org.upper(), kode_wilayah=KAL1,
                     status=status.get(n, "none"), jabatan="GURU HONORER", in_population=n in status)
        for n, nama, org in roster])
    return run


def names(wl: Worklist) -> list[str]:
    return list(wl.items.order_by("rank").values_list("nama", flat=True))


@pytest.mark.django_db
def test_only_that_schools_teachers_not_active_ranked_with_its_partner(school_run):
    wl = school_worklist_make(school="sd negeri 2  bantul", scope=ADMIN)
    assert names(wl) == ["Warga 402", "Warga 401"]           # non-active first; the covered and the others not
    assert wl.partner.name == "Kepala SD NEGERI 2 BANTUL" and wl.partner.kind == Partner.Kind.SEKOLAH
    assert (wl.ecosystem, wl.area_code, wl.kind, wl.run_id) == ("guru", KAP, "enrol", school_run.pk)
    assert wl.name == "Kepala SD NEGERI 2 BANTUL — guru honorer"
    assert AuditLog.objects.filter(action="make_worklist", rows=2, detail__school=SD2).exists()
    again = school_worklist_make(school=SD2, scope=ADMIN)     # the partner is found, not made twice
    assert again.partner_id == wl.partner_id and Partner.objects.count() == 1
    # the usual XLSX: both teachers, one sheet
    ws = load_workbook(io.BytesIO(worklist_export_xlsx(worklist=wl, scope=ADMIN))).worksheets[0]
    assert {"Warga 401", "Warga 402"} <= {str(c.value) for row in ws.iter_rows() for c in row}


@pytest.mark.django_db
def test_scope_kalurahan_operator_mitra_and_pimpinan(school_run):
    op = make_user("op2001", role="kalurahan", area_code=KAL1)
    wl = school_worklist_make(school=SD2, scope=scope_for(op), user=op)
    assert names(wl) == ["Warga 401"] and wl.area_code == KAL1    # 402 lives in the other kalurahan
    op2 = make_user("op2002", role="kalurahan", area_code=KAL2)
    with pytest.raises(UserError) as exc:                          # SMP1's teacher lives in KAL1
        school_worklist_make(school=SMP1, scope=scope_for(op2), user=op2)
    assert exc.value.code == "worklist.empty"
    market = make_user("mitra-pasar", role="mitra", org="Paguyuban Pasar", ecosystems=["pasar"])
    with pytest.raises(UserError):
        school_worklist_make(school=SD2, scope=scope_for(market), user=market)
    teachers = make_user("mitra-guru", role="mitra", org="PGRI Bantul", ecosystems=["guru"])
    assert names(school_worklist_make(school=SD2, scope=scope_for(teachers), user=teachers)) == ["Warga 402", "Warga 401"]
    with pytest.raises(UserError) as exc:
        school_worklist_make(school=SD2, scope=Scope(role="pimpinan"))
    assert exc.value.code == "worklist.forbidden"


@pytest.mark.django_db
def test_unknown_school_and_a_sekolah_partner(school_run):
    with pytest.raises(UserError) as exc:
        school_worklist_make(school="SD NEGERI 2 BANTULL", scope=ADMIN)
    assert exc.value.code == "school.unknown" and "Mungkin: SD NEGERI 2 BANTUL" in str(exc.value)
    with pytest.raises(UserError):
        school_worklist_make(school="", scope=ADMIN)
    head = partner_create(name="Kepala SMP Negeri 1 Sewon", kind="sekolah")
    wl = school_worklist_make(partner=head, scope=ADMIN)       # the partner's name names the school
    assert names(wl) == ["Warga 404"] and wl.partner_id == head.pk
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    with pytest.raises(UserError):
        school_worklist_make(partner=lurah, scope=ADMIN)
    assert not Worklist.objects.exclude(pk=wl.pk).exists()


@pytest.mark.django_db
def test_cli_make_school_and_one_line_errors(school_run):
    from cakupan.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["worklist", "make", "--school", SD2])
    assert out.exit_code == 0, out.output
    assert "2 orang" in " ".join(out.output.split())
    assert Worklist.objects.get().partner.name == "Kepala SD NEGERI 2 BANTUL"
    bad = runner.invoke(app, ["worklist", "make", "--school", "SD TIDAK ADA"])
    assert isinstance(bad.exception, UserError) and bad.exception.code == "school.unknown"
    none = runner.invoke(app, ["worklist", "make", "--partner", "Kepala SD NEGERI 2 BANTUL"])  # a sekolah partner: no --area
    assert none.exit_code == 0, none.output
    missing = runner.invoke(app, ["worklist", "make", "--area", KAL1])
    assert isinstance(missing.exception, UserError) and missing.exception.code == "worklist.args"
    help_text = runner.invoke(app, ["worklist", "make", "--help"]).output
    assert "--school" in help_text and 'cakupan worklist make --school "SD NEGERI 2 BANTUL"' in help_text


@pytest.mark.django_db
def test_teachers_page_button_makes_the_worklist_and_opens_it(client, school_run):
    client.force_login(make_user("kepatuhan1", role="kepatuhan"))
    page = client.get("/kepatuhan/guru/sekolah/").content.decode()
    assert "Buat daftar kerja" in page and 'action="/outreach/daftar/sekolah/buat/"' in page
    assert client.get("/outreach/daftar/sekolah/buat/").status_code == 405
    resp = client.post("/outreach/daftar/sekolah/buat/", {"school": SD2})
    wl = Worklist.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/outreach/daftar/{wl.pk}/"
    detail = client.get(resp["Location"]).content.decode()
    assert "Warga 401" in detail and "Warga 402" in detail and "Warga 405" not in detail
    back = client.post("/outreach/daftar/sekolah/buat/", {"school": "SD TIDAK ADA"}, follow=True)
    assert "tidak ada pada daftar guru honorer" in back.content.decode()
    # the worklist form: a partner of kind sekolah makes its school's list
    resp = client.post("/outreach/daftar/buat/", {"partner": wl.partner_id, "area": KAP, "ecosystem": ""})
    assert resp.status_code == 302 and Worklist.objects.count() == 2


@pytest.mark.django_db
def test_pimpinan_sees_no_button_and_may_not_post(client, school_run):
    client.force_login(make_user("pimpinan1", role="pimpinan"))
    assert "Buat daftar kerja" not in client.get("/kepatuhan/guru/sekolah/").content.decode()
    assert client.post("/outreach/daftar/sekolah/buat/", {"school": SD2}).status_code == 403
    assert not Worklist.objects.exists()


def test_english_labels_of_the_partner_kinds():
    with translation.override("en"):
        assert str(Partner.Kind.SEKOLAH.label) == "School / head teacher"
        assert str(Partner.Kind.LURAH.label) == "Village head (lurah / kepala desa)"
    with translation.override("id"):
        assert str(Partner.Kind.SEKOLAH.label) == "Sekolah / kepala sekolah"
