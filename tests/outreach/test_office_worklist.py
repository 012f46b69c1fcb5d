"""An office's worklist (teachers): the honorary teachers not active of every school one responsible
office answers for (core.schools.school_classify: kabupaten = PAUD/SD/SMP, provinsi = SMA/SMK/SLB,
kemenag = madrasah), ranked like every worklist, for a partner of kind dinas; each item's school on
the XLSX (SEKOLAH) and on the worklist page; the user's scope; unknown office; the CLI; the button
on the teachers' page.

The fixture: a guru roster snapshot with schools of the three offices (and a teacher who does not
live in the region), the run's persons, and the roster status the teachers' page lists.
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
from cakupan.outreach.services import (
    office_worklist_make,
    partner_create,
    worklist_export_xlsx,
    worklist_import_xlsx,
)
from cakupan.registries.models import Snapshot

from .factories import AS_OF, KAL1, KAL2, KAP, make_run, make_user, person

ADMIN = Scope(role="admin")
SD2, SMP1, SMA1, MI = "SD NEGERI 2 BANTUL", "SMP NEGERI 1 SEWON", "SMA NEGERI 1 BANTUL", "MI MA'ARIF JEJERAN"
KAB_NAME = "Dinas pendidikan kabupaten/kota"


def _persons() -> list[dict]:
    return [
        person(501, status="none", ecosystem="guru", age=28),                            # SD2, KAL1
        person(502, kal=KAL2, status="nonactive", segment="BPU", ecosystem="guru",       # SMP1, KAL2
               paid_through=date(2022, 6, 1), age=33),
        person(503, status="active", segment="BPU", ecosystem="guru", paid_through=date(2023, 2, 1)),  # SD2, covered
        person(504, status="none", ecosystem="guru", age=45),                            # SMA1 (province)
        person(505, status="none", ecosystem="guru", age=40),                            # MI (Kemenag)
        person(506, status="none", ecosystem="rentan", age=40),                          # no school
    ]


@pytest.fixture
def office_run(cakupan_home):
    persons = _persons()
    run = make_run(persons)
    nik = {int(p["nama"].split()[-1]): p["nik"] for p in persons}
    roster = [  # (nik, name, school as the roster writes it)
        (nik[501], "Warga 501", "SD Negeri 2 Bantul"), (nik[502], "Warga 502", SMP1), (nik[503], "Warga 503", SD2),
        (nik[504], "Warga 504", SMA1), (nik[505], "Warga 505", MI),
        ("3471015505900001", "Guru Kota", SD2),   # lives outside the region: counted, not on a worklist
    ]
    folder = cakupan_home / "snapshots" / "roster-guru"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"nik": [r[0] for r in roster], "nama": [r[1] for r in roster],
                             "org": [r[2] for r in roster], "jabatan": ["GURU HONORER"] * len(roster)}),
                   folder / "1.parquet")
    Snapshot.objects.create(kind="roster", roster_kind="guru", as_of=AS_OF, file_name="guru.csv", file_sha256="b" * 64,
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
def test_only_that_offices_schools_teachers_not_active_with_their_school(office_run):
    wl = office_worklist_make(office="kabupaten", scope=ADMIN)
    assert names(wl) == ["Warga 502", "Warga 501"]     # SD + SMP, non-active first; not SMA, MI, the covered
    assert wl.partner.name == KAB_NAME and wl.partner.kind == Partner.Kind.DINAS
    assert (wl.ecosystem, wl.area_code, wl.kind, wl.run_id) == ("guru", KAP, "enrol", office_run.pk)
    assert wl.name == f"{KAB_NAME} — guru honorer 2 sekolah"
    assert AuditLog.objects.filter(action="make_worklist", rows=2, detail__office="kabupaten").exists()
    again = office_worklist_make(office=" Kabupaten ", scope=ADMIN)   # the partner is found, not made twice
    assert again.partner_id == wl.partner_id and Partner.objects.count() == 1
    assert names(office_worklist_make(office="provinsi", scope=ADMIN)) == ["Warga 504"]
    assert names(office_worklist_make(office="kemenag", scope=ADMIN)) == ["Warga 505"]
    # the XLSX names each teacher's school (SEKOLAH after NAMA) and reads back as usual
    content = worklist_export_xlsx(worklist=wl, scope=ADMIN)
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    col = rows[0].index("SEKOLAH")
    assert rows[0][col - 1] == "NAMA"
    assert {r[col - 1]: r[col] for r in rows[1:]} == {"Warga 502": SMP1, "Warga 501": SD2}
    r = worklist_import_xlsx(content=content, file_name="x.xlsx", by="t", worklist=wl)
    assert r.rows_read == 2 and r.rows_quarantined == 0


@pytest.mark.django_db
def test_scope_kalurahan_operator_mitra_and_pimpinan(office_run):
    op = make_user("op2001", role="kalurahan", area_code=KAL1)
    wl = office_worklist_make(office="kabupaten", scope=scope_for(op), user=op)
    assert names(wl) == ["Warga 501"] and wl.area_code == KAL1    # 502 lives in the other kalurahan
    op2 = make_user("op2002", role="kalurahan", area_code=KAL2)
    with pytest.raises(UserError) as exc:                          # the province's teacher lives in KAL1
        office_worklist_make(office="provinsi", scope=scope_for(op2), user=op2)
    assert exc.value.code == "worklist.empty"
    assert names(office_worklist_make(office="kabupaten", scope=ADMIN, area_code=KAL2)) == ["Warga 502"]
    market = make_user("mitra-pasar", role="mitra", org="Paguyuban Pasar", ecosystems=["pasar"])
    with pytest.raises(UserError):
        office_worklist_make(office="kabupaten", scope=scope_for(market), user=market)
    with pytest.raises(UserError) as exc:
        office_worklist_make(office="kabupaten", scope=Scope(role="pimpinan"))
    assert exc.value.code == "worklist.forbidden"


@pytest.mark.django_db
def test_unknown_office_and_a_dinas_partner(office_run):
    for bad in ("dikpora", "", "tidak"):
        with pytest.raises(UserError) as exc:
            office_worklist_make(office=bad, scope=ADMIN)
        assert exc.value.code == "office.unknown" and "\n" not in str(exc.value)
        assert "kabupaten, provinsi, kemenag" in str(exc.value)
    own = partner_create(name="Kantor Kemenag Kabupaten Bantul", kind="dinas")
    wl = office_worklist_make(partner=own, scope=ADMIN)          # the partner's name names the office
    assert names(wl) == ["Warga 505"] and wl.partner_id == own.pk
    disdik = partner_create(name="Disdikpora DIY", kind="dinas")
    with pytest.raises(UserError) as exc:
        office_worklist_make(partner=disdik, scope=ADMIN)
    assert exc.value.code == "office.unknown"
    assert names(office_worklist_make(partner=disdik, office="provinsi", scope=ADMIN)) == ["Warga 504"]
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    with pytest.raises(UserError) as exc:
        office_worklist_make(partner=lurah, office="kabupaten", scope=ADMIN)
    assert exc.value.code == "partner.kind"
    assert Worklist.objects.count() == 2


@pytest.mark.django_db
def test_an_office_without_schools_on_the_roster(office_run, cakupan_home):
    roster = cakupan_home / "snapshots" / "roster-guru" / "1.parquet"   # the run's roster: one SD teacher only
    pq.write_table(pa.table({"nik": ["3471015505900001"], "org": [SD2]}), roster)
    with pytest.raises(UserError) as exc:
        office_worklist_make(office="kemenag", scope=ADMIN)
    assert exc.value.code == "office.no_teachers" and "Kantor Kementerian Agama" in str(exc.value)


@pytest.mark.django_db
def test_cli_make_dinas_and_one_line_errors(office_run):
    from cakupan.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["worklist", "make", "--dinas", "kabupaten"])
    assert out.exit_code == 0, out.output
    assert "2 orang" in " ".join(out.output.split())
    assert Worklist.objects.get().partner.name == KAB_NAME
    bad = runner.invoke(app, ["worklist", "make", "--dinas", "dikpora"])
    assert isinstance(bad.exception, UserError) and bad.exception.code == "office.unknown"
    both = runner.invoke(app, ["worklist", "make", "--dinas", "kabupaten", "--school", SD2])
    assert isinstance(both.exception, UserError) and both.exception.code == "worklist.args"
    again = runner.invoke(app, ["worklist", "make", "--partner", KAB_NAME])   # a dinas partner: no --area
    assert again.exit_code == 0, again.output
    assert Worklist.objects.count() == 2
    help_text = runner.invoke(app, ["worklist", "make", "--help"]).output
    assert "--dinas" in help_text and "cakupan worklist make --dinas provinsi" in help_text


@pytest.mark.django_db
def test_teachers_page_office_button_makes_the_worklist_and_opens_it(client, office_run):
    client.force_login(make_user("kepatuhan1", role="kepatuhan"))
    page = client.get("/kepatuhan/guru/sekolah/").content.decode()
    assert 'action="/outreach/daftar/dinas/buat/"' in page and 'name="office" value="provinsi"' in page
    assert client.get("/outreach/daftar/dinas/buat/").status_code == 405
    resp = client.post("/outreach/daftar/dinas/buat/", {"office": "kabupaten"})
    wl = Worklist.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/outreach/daftar/{wl.pk}/"
    detail = client.get(resp["Location"]).content.decode()
    assert "Warga 501" in detail and "Warga 502" in detail and "Warga 504" not in detail
    assert SD2 in detail and SMP1 in detail                         # each teacher's school
    back = client.post("/outreach/daftar/dinas/buat/", {"office": "dikpora"}, follow=True)
    assert "tidak dikenal" in back.content.decode()
    # the worklist form: a partner of kind dinas makes its office's list
    resp = client.post("/outreach/daftar/buat/", {"partner": wl.partner_id, "area": KAP, "ecosystem": ""})
    assert resp.status_code == 302 and Worklist.objects.count() == 2


@pytest.mark.django_db
def test_pimpinan_sees_no_office_button_and_may_not_post(client, office_run):
    client.force_login(make_user("pimpinan1", role="pimpinan"))
    assert "/outreach/daftar/dinas/buat/" not in client.get("/kepatuhan/guru/sekolah/").content.decode()
    assert client.post("/outreach/daftar/dinas/buat/", {"office": "kabupaten"}).status_code == 403
    assert not Worklist.objects.exists()


def test_english_label_of_the_dinas_kind():
    with translation.override("en"):
        assert str(Partner.Kind.DINAS.label) == "Office responsible for schools"
    with translation.override("id"):
        assert str(Partner.Kind.DINAS.label) == "Dinas penanggung jawab sekolah"
