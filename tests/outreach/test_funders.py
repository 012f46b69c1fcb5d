"""Funders (issue 18 part 6): APBD, APBDes per kalurahan and CSR with their own budgets, periods and
people; payments checked against them; the planner per funder; the report as page, XLSX and PDF.
Amounts by hand: the BPU minimum month is Rp 16,800 (JKK 10,000 + JKM 6,800)."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.cli import app
from cakupan.errors import UserError
from cakupan.outreach.models import Funder
from cakupan.outreach.planning import budget_plan
from cakupan.outreach.selectors_funders import funder_access, funder_report, funders_visible
from cakupan.outreach.services import enrolment_register, payment_record
from cakupan.outreach.services.funders import funder_create, funder_remaining

from .factories import KAL1, KAL2, make_run, make_user, person, standard_persons

pytestmark = pytest.mark.django_db  # also in the PostgreSQL pass (-m django_db)
ADMIN = Scope(role="admin")
M = date


def _nik(persons, serial):
    return next(p["nik"] for p in persons if p["nama"] == f"Warga {serial}")


@pytest.fixture
def funded(db):
    """APBDes Poncosari (Rp 1,000,000, 2023) paid 6 + 3 months for Warga 8: 9 x 16,800 = Rp 151,200."""
    persons = standard_persons()
    make_run(persons)
    f = funder_create(kind="APBDES", name="APBDes Poncosari 2023", budget="1.000.000", period_from=M(2023, 1, 1),
                      period_to=M(2023, 12, 31), kalurahan_code=KAL1, scope=ADMIN)
    e = enrolment_register(nik=_nik(persons, 8), nama="Warga 8", segment="BPU", income=1_000_000, payer="APBDES",
                           month_from=M(2023, 3, 1), month_to=M(2023, 8, 1), funder=f)
    payment_record(enrolment=e, month_from=M(2023, 9, 1), month_to=M(2023, 11, 1), payer="APBDES", funder=f)
    return persons, f, e


def test_payments_and_remaining_budget(funded):
    persons, f, e = funded
    assert e.funder == f and [p.amount for p in e.payments.all()] == [100_800, 50_400]
    assert all(p.funder_id == f.pk for p in e.payments.all())
    assert funder_remaining(funder=f) == 1_000_000 - 151_200 == 848_800


def test_subject_access_names_the_funder(funded):
    from cakupan.outreach.selectors import person_data

    persons, f, _ = funded
    pays = person_data(nik=_nik(persons, 8))["enrolments"][0]["payments"]
    assert [(p["amount"], p["funder"]) for p in pays] == [(100_800, f.name), (50_400, f.name)]


def test_bad_payments_are_one_line_errors(funded):
    persons, f, _ = funded
    csr = funder_create(kind="CSR", name="CSR Bank", company="PT Bank Contoh", budget=30_000, period_from=M(2023, 1, 1),
                        period_to=M(2023, 6, 30), scope=ADMIN)
    cases = [
        # 2 x 16,800 = 33,600 above Rp 30,000
        (dict(nik=_nik(persons, 9), payer="CSR", month_from=M(2023, 3, 1), month_to=M(2023, 4, 1), funder=csr),
         "funder.budget", "melebihi sisa anggaran CSR Bank: Rp 30.000"),
        # July is beyond the CSR's period (to June 2023)
        (dict(nik=_nik(persons, 9), payer="CSR", month_from=M(2023, 7, 1), month_to=M(2023, 7, 1), funder=csr),
         "funder.period", "di luar masa anggaran CSR Bank"),
        (dict(nik=_nik(persons, 9), payer="APBD", month_from=M(2023, 3, 1), month_to=M(2023, 3, 1), funder=f),
         "funder.payer", "pembayar harus APBDES"),
        # Warga 11 lives in Trimurti: Poncosari's APBDes does not pay for her
        (dict(nik=_nik(persons, 11), payer="APBDES", month_from=M(2023, 3, 1), month_to=M(2023, 3, 1), funder=f),
         "funder.kalurahan", "hanya membayar warga kalurahannya"),
    ]
    for kw, code, text in cases:
        with pytest.raises(UserError) as exc:
            enrolment_register(nama="X", segment="BPU", income=1_000_000, **kw)
        assert exc.value.code == code and text in str(exc.value) and "\n" not in str(exc.value)
    # the first case stored nothing: the CSR's budget is untouched
    assert funder_remaining(funder=csr) == 30_000
    ok = enrolment_register(nik=_nik(persons, 9), nama="Warga 9", segment="BPU", income=1_000_000, payer="CSR",
                            month_from=M(2023, 3, 1), month_to=M(2023, 3, 1), funder=csr)
    assert ok.payments.get().amount == 16_800 and funder_remaining(funder=csr) == 13_200


def test_funder_create_rules(db):
    make_run(standard_persons())
    for kw, code in [
        (dict(kind="APBDES", name="A"), "funder.kalurahan"),
        (dict(kind="CSR", name="B"), "funder.company"),
        (dict(kind="APBX", name="C"), "funder.kind"),
        (dict(kind="APBD", name="D", kalurahan_code=KAL1), "funder.kalurahan"),
    ]:
        with pytest.raises(UserError) as exc:
            funder_create(budget=1, period_from=M(2023, 1, 1), period_to=M(2023, 12, 31), scope=ADMIN, **kw)
        assert exc.value.code == code
    with pytest.raises(UserError) as exc:
        funder_create(kind="APBD", name="E", budget=1, period_from=M(2023, 2, 1), period_to=M(2023, 1, 1), scope=ADMIN)
    assert exc.value.code == "funder.period"
    lurah = Scope(role="kalurahan", area_code=KAL2)
    with pytest.raises(UserError) as exc:  # a lurah adds its own APBDes only
        funder_create(kind="APBD", name="F", budget=1, period_from=M(2023, 1, 1), period_to=M(2023, 12, 31), scope=lurah)
    assert exc.value.code == "funder.scope"
    with pytest.raises(UserError) as exc:
        funder_create(kind="APBDES", name="G", kalurahan_code=KAL1, budget=1, period_from=M(2023, 1, 1),
                      period_to=M(2023, 12, 31), scope=lurah)
    assert exc.value.code == "funder.scope"
    funder_create(kind="APBDES", name="APBDes Trimurti", kalurahan_code=KAL2, budget="Rp 5.000.000",
                  period_from=M(2023, 1, 1), period_to=M(2023, 12, 31), scope=lurah)
    with pytest.raises(UserError) as exc:
        funder_create(kind="APBD", name="apbdes trimurti", budget=1, period_from=M(2023, 1, 1), period_to=M(2023, 1, 1),
                      scope=ADMIN)
    assert exc.value.code == "funder.exists"


def test_visibility_and_report(funded):
    persons, f, _ = funded
    apbd = funder_create(kind="APBD", name="APBD Bantul 2023", budget=45_000_000, period_from=M(2023, 1, 1),
                         period_to=M(2023, 12, 31), scope=ADMIN)
    trimurti = Scope(role="kalurahan", area_code=KAL2)
    assert list(funders_visible(scope=trimurti)) == [apbd]
    assert list(funders_visible(scope=Scope(role="mitra", ecosystems=("rentan",)))) == []
    with pytest.raises(UserError):
        funder_access(scope=trimurti, ref=f.pk)
    r = funder_report(funder=f, scope=ADMIN)
    assert (r.people, r.months, r.amount, r.active, r.spent, r.remaining) == (1, 9, 151_200, 0, 151_200, 848_800)
    assert r.rows[0]["nik_shown"] == _nik(persons, 8) and r.rows[0]["status"] == "none"
    assert r.rows[0]["first"] == M(2023, 3, 1) and r.rows[0]["last"] == M(2023, 11, 1)
    lurah = funder_report(funder=f, scope=Scope(role="kalurahan", area_code=KAL1))
    assert lurah.rows[0]["nik_shown"] != _nik(persons, 8) and "*" in lurah.rows[0]["nik_shown"]
    boss = funder_report(funder=f, scope=Scope(role="pimpinan"))
    assert boss.rows == [] and boss.people == 1  # totals only
    # a later run shows Warga 8 active: still active 1 of 1
    later = [p for p in persons if p["nama"] != "Warga 8"] + [person(8, age=40, status="active", segment="BPU",
                                                                       paid_through=M(2023, 3, 1))]
    make_run(later, as_of=M(2023, 3, 31))
    assert funder_report(funder=f, scope=ADMIN).active == 1


def test_planner_per_funder(funded):
    persons, f, _ = funded
    # from Feb 2023 (the data month) for 10 months: ends Nov 2023, inside 2023. Left Rp 848,800:
    # capacity = 848,800 // (16,800 x 10) = 5; Poncosari's candidates: Warga 5 and Warga 9 (Warga 8 is pending)
    p = budget_plan(budget=0, months=10, scope=ADMIN, funder=f)
    assert (p.budget, p.capacity, p.area, p.funder_remaining, p.start) == (848_800, 5, KAL1, 848_800, M(2023, 2, 1))
    assert sorted(r["nama"] for r in p.chosen) == ["Warga 5", "Warga 9"]
    with pytest.raises(UserError) as exc:
        budget_plan(budget=900_000, months=3, scope=ADMIN, funder=f)
    assert exc.value.code == "funder.budget" and "Rp 848.800" in str(exc.value)
    with pytest.raises(UserError) as exc:
        budget_plan(budget=0, months=12, scope=ADMIN, funder=f)
    assert exc.value.code == "funder.period" and "paling banyak 11 bulan" in str(exc.value)
    with pytest.raises(UserError) as exc:
        budget_plan(budget=0, months=3, scope=ADMIN, funder=f, area_code=KAL2)
    assert exc.value.code == "funder.kalurahan"


def _login(client, username, **kw):
    make_user(username, **kw)
    client.login(username=username, password="rahasia-123")


def test_funder_pages(client, funded):
    persons, f, _ = funded
    _login(client, "lurah1", role="kalurahan", area_code=KAL1)
    page = client.get(f"/outreach/penyandang-dana/{f.pk}/").content.decode()
    assert "Warga 8" in page and _nik(persons, 8) not in page and "848.800" in page and "151.200" in page
    assert AuditLog.objects.filter(action="view_persons", detail__funder=f.pk).exists()
    listing = client.get("/outreach/penyandang-dana/").content.decode()
    assert "APBDes Poncosari 2023" in listing and "Rp 1.000.000" in listing
    x = client.get(f"/outreach/penyandang-dana/{f.pk}/laporan.xlsx")
    assert x.status_code == 200 and AuditLog.objects.filter(action="export_persons", detail__funder=f.pk).exists()
    wb = load_workbook(io.BytesIO(x.content))
    rows = list(wb["Peserta"].iter_rows(values_only=True))
    assert rows[1][2] == "Warga 8" and rows[1][7] == 9 and rows[1][8] == 151_200 and "*" in rows[1][1]
    summary = dict(wb["Ringkasan"].iter_rows(values_only=True))
    assert summary["Sisa (Rp)"] == 848_800 and summary["Masih aktif"] == 0
    pdf = client.get(f"/outreach/penyandang-dana/{f.pk}/laporan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/outreach/penyandang-dana/{f.pk}/laporan.doc").status_code == 404
    assert client.get("/outreach/penyandang-dana/99999999999999999999/").status_code == 404
    # the lurah of Poncosari adds a second APBDes; a wrong budget comes back next to its field
    bad = client.post("/outreach/penyandang-dana/tambah/", {"kind": "APBDES", "name": "APBDes 2024", "kalurahan": KAL1,
                                                             "budget": "abc", "period_from": "2024-01-01",
                                                             "period_to": "2024-12-31"})
    assert bad.status_code == 400 and "bukan angka rupiah" in bad.content.decode()
    good = client.post("/outreach/penyandang-dana/tambah/", {"kind": "APBDES", "name": "APBDes 2024", "kalurahan": KAL1,
                                                              "budget": "12.000.000", "period_from": "2024-01-01",
                                                              "period_to": "2024-12-31"})
    assert good.status_code == 302 and Funder.objects.get(name="APBDes 2024").budget == 12_000_000
    plan = client.get(f"/outreach/anggaran/?funder={f.pk}&months=10").content.decode()
    assert "sisa anggaran Rp 848.800" in plan
    over = client.get(f"/outreach/anggaran/?funder={f.pk}&months=12").content.decode()
    assert "paling banyak 11 bulan" in over


def test_mitra_and_pimpinan(client, funded):
    _, f, _ = funded
    _login(client, "mitra1", role="mitra", org="Perisai A", ecosystems=["rentan"])
    assert client.get("/outreach/penyandang-dana/").status_code == 403
    client.logout()
    _login(client, "boss", role="pimpinan")
    page = client.get(f"/outreach/penyandang-dana/{f.pk}/").content.decode()
    assert "Warga 8" not in page and "848.800" in page


def test_cli_funder_commands(funded, tmp_path):
    persons, f, _ = funded
    runner = CliRunner()

    def ok(*args):
        r = runner.invoke(app, list(args), catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    assert "Rp 45.000.000" in ok("funder", "add", "--kind", "APBD", "--name", "APBD Bantul 2023", "--budget", "45.000.000",
                                 "--from", "2023-01-01", "--to", "2023-12-31")
    assert "Rp 848.800" in ok("funder", "list")
    assert "1 orang dibiayai, 9 bulan, Rp 151.200" in ok("funder", "report", "APBDes Poncosari 2023")
    out = tmp_path / "lap.xlsx"
    assert "sisa Rp 848.800" in ok("funder", "report", str(f.pk), "--out", str(out))
    assert load_workbook(out)["Peserta"]["C2"].value == "Warga 8"
    pdf = tmp_path / "lap.pdf"
    ok("funder", "report", str(f.pk), "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "sisa anggaran Rp 848.800" in ok("budget", "plan", "--funder", "APBDes Poncosari 2023", "--months", "10")
    text = ok("enrol", "register", "--nik", _nik(persons, 9), "--name", "Warga 9", "--income", "1000000",
              "--funder", "APBD Bantul 2023", "--months", "2023-03..2023-04")
    assert "Rp 33.600 dibayar APBD (APBD Bantul 2023)" in text
    bad = runner.invoke(app, ["funder", "report", "tidak-ada"])
    assert bad.exit_code != 0 and isinstance(bad.exception, UserError)


def test_funder_page_in_english(client, funded):
    from django.conf import settings

    _, f, _ = funded
    _login(client, "analis-en", role="analis")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/outreach/penyandang-dana/{f.pk}/").content.decode()
    assert "Still active" in page and "Download the report (XLSX)" in page and "Left" in page
    assert "People paid for: 1; 9 months, Rp 151,200." in page and "Masih aktif" not in page  # English numbers
    listing = client.get("/outreach/penyandang-dana/").content.decode()
    assert "Add a funder" in listing and "Budget period" in listing


def test_crew_batch_against_a_funder_keeps_the_rows_that_fit(funded):
    """A padat karya crew of three for July 2023 (16,800 each) paid by a CSR with Rp 40,000: the
    first two fit (33,600), the third is rejected with its row number; nothing is lost."""
    from cakupan.outreach.services import enrolment_register_batch

    persons, _, _ = funded
    csr = funder_create(kind="CSR", name="CSR Regu", company="PT Contoh", budget=40_000, period_from=M(2023, 1, 1),
                        period_to=M(2023, 12, 31), scope=ADMIN)
    rows = [{"nik": _nik(persons, n), "nama": f"Warga {n}"} for n in (9, 11, 10)]
    r = enrolment_register_batch(rows=rows, segment="PADAT_KARYA", payer="CSR", batch="PK-2023-07",
                                 month_from=M(2023, 7, 1), month_to=M(2023, 7, 1), funder=csr)
    assert [e.nama for e in r.registered] == ["Warga 9", "Warga 11"]
    assert [(x["row_number"], x["reason_code"]) for x in r.rejected] == [(4, "funder.budget")]
    assert funder_remaining(funder=csr) == 40_000 - 33_600
