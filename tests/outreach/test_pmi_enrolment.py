"""PMI in enrolment (issue 18 part 5): one payment per work agreement from quote_pmi
(Permenaker 4/2023 ps. 18), amounts computed by hand."""
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.errors import UserError
from cakupan.outreach.models import Enrolment
from cakupan.outreach.services import enrolment_register, enrolments_provisional, payment_record
from cakupan.outreach.services.enrolment import PAYERS_BY_SEGMENT, payers_for

from .factories import make_run, standard_persons

MAR = date(2023, 3, 1)


def _nik(persons, serial):
    return next(p["nik"] for p in persons if p["nama"] == f"Warga {serial}")


def test_pmi_payers_documented_choice():
    assert PAYERS_BY_SEGMENT["PMI"] == {"SELF", "P3MI", "APBD", "APBDES", "CSR"}
    assert payers_for("PMI") == ["SELF", "APBD", "APBDES", "CSR", "P3MI"]
    assert "EMPLOYER" not in PAYERS_BY_SEGMENT["PMI"] and "P3MI" not in PAYERS_BY_SEGMENT["BPU"]


@pytest.mark.django_db
def test_pmi_one_payment_for_the_agreement():
    persons = standard_persons()
    make_run(persons)
    # 24 months with pre-departure: 37,500 + 332,500 = 370,000, once
    e = enrolment_register(nik=_nik(persons, 8), nama="Warga 8", segment="PMI", payer="P3MI", month_from=MAR,
                           month_to=MAR, contract_months=24)
    pay = e.payments.get()
    assert (pay.months, pay.month_from, pay.month_to, pay.amount) == (24, MAR, date(2025, 2, 1), 370_000)
    assert (e.segment, e.programs, e.monthly_amount, e.quote["per"], e.income) == ("PMI", "JKK,JKM", 370_000, "kontrak", None)
    # 18 months already placed (no pre-departure): 189,000 + 6 x 13,500 = 270,000
    e2 = enrolment_register(nik=_nik(persons, 9), nama="Warga 9", segment="PMI", payer="SELF", month_from=MAR,
                            month_to=MAR, contract_months=18, pre_departure=False)
    assert e2.payments.get().amount == 270_000
    # the months from..to are the agreement when contract_months is not given: 4 months -> 6-month package
    e3 = enrolment_register(nik=_nik(persons, 11), nama="Warga 11", segment="PMI", payer="APBD", month_from=MAR,
                            month_to=date(2023, 6, 1))
    assert e3.payments.get().amount == 37_500 + 108_000
    feed = {r["nik"]: r for r in enrolments_provisional(as_of=date(2023, 3, 31))}
    assert feed[_nik(persons, 8)] == {"nik": _nik(persons, 8), "segmen": "PMI", "program": "JKK,JKM",
                                      "paid_through": date(2025, 2, 1)}


@pytest.mark.django_db
def test_pmi_refusals_are_one_line():
    persons = standard_persons()
    make_run(persons)
    nik = _nik(persons, 8)
    with pytest.raises(UserError, match="Pembayar Pemberi kerja tidak berlaku untuk PMI"):
        enrolment_register(nik=nik, nama="X", segment="PMI", payer="EMPLOYER", month_from=MAR, month_to=MAR, contract_months=12)
    with pytest.raises(UserError, match="1 sampai 120 bulan"):
        enrolment_register(nik=nik, nama="X", segment="PMI", payer="SELF", month_from=MAR, month_to=MAR, contract_months=121)
    with pytest.raises(UserError) as exc:  # the PMI table starts in March 2023 (Permenaker 4/2023)
        enrolment_register(nik=nik, nama="X", segment="PMI", payer="SELF", month_from=date(2023, 2, 1),
                           month_to=date(2023, 2, 1), contract_months=12)
    assert exc.value.code == "rates.missing"
    with pytest.raises(UserError) as exc:  # the agreement must start inside the window (Feb 2022 - Feb 2024)
        enrolment_register(nik=nik, nama="X", segment="PMI", payer="SELF", month_from=date(2024, 3, 1),
                           month_to=date(2024, 3, 1), contract_months=12)
    assert exc.value.code == "month.window"
    e = enrolment_register(nik=nik, nama="X", segment="PMI", payer="SELF", month_from=MAR, month_to=MAR, contract_months=12)
    with pytest.raises(UserError, match="sekali per perjanjian kerja"):
        payment_record(enrolment=e, month_from=date(2024, 3, 1), month_to=date(2024, 3, 1), payer="SELF")
    with pytest.raises(UserError, match="sudah didaftarkan"):  # the agreement's months overlap
        enrolment_register(nik=nik, nama="X", segment="PMI", payer="SELF", month_from=date(2023, 12, 1),
                           month_to=date(2023, 12, 1), contract_months=6)


@pytest.mark.django_db
def test_cli_register_pmi_months_n():
    persons = standard_persons()
    make_run(persons)
    r = CliRunner().invoke(app, ["enrol", "register", "--nik", _nik(persons, 8), "--name", "Warga 8", "--segment", "PMI",
                                 "--months", "18", "--start", "2023-03", "--payer", "P3MI"], catch_exceptions=False)
    text = " ".join(r.output.split())
    assert r.exit_code == 0, r.output
    assert "18 bulan" in text and "Rp 307.500 sekali bayar" in text and "P3MI" in text
    assert Enrolment.objects.get().payments.get().month_to == date(2024, 8, 1)
    bad = CliRunner().invoke(app, ["enrol", "register", "--nik", _nik(persons, 9), "--name", "Warga 9", "--segment", "PMI",
                                   "--months", "12"])  # default start: the data month, Feb 2023: no PMI table yet
    assert bad.exit_code != 0 and isinstance(bad.exception, UserError)  # main() prints it in one line
    assert "1 Februari 2023" in str(bad.exception) and "\n" not in str(bad.exception)


@pytest.mark.django_db
def test_dashboard_segment_table_shows_pmi(client):
    import re

    from .factories import lapse_persons, make_user

    make_run(lapse_persons())  # Warga 304 (active) and 312 (non-active) are PMI members
    make_user("analis-pmi", role="analis")
    client.login(username="analis-pmi", password="rahasia-123")
    page = client.get("/").content.decode()
    section = page[page.index('id="seg-h"'):]
    section = section[:section.index("</table>")]
    row = re.search(r"<tr[^>]*>\s*<t[hd][^>]*>\s*(?:<[^>]+>\s*)*PMI\s*(?:<[^>]+>\s*)*</t[hd]>(.*?)</tr>", section, re.S)
    assert row, section[:2000]
    cells = re.findall(r">\s*([\d.,]+)\s*<", row.group(1))
    assert cells[:2] == ["2", "1"]  # registered 2, active 1


@pytest.mark.django_db
def test_pmi_on_the_enrolment_page_and_live_quote(client):
    from .factories import make_user

    persons = standard_persons()
    make_run(persons)
    make_user("analis-pmi2", role="analis")
    client.login(username="analis-pmi2", password="rahasia-123")
    q = client.get("/outreach/iuran.json?segment=PMI&months=18&on=2023-03-01").json()
    assert (q["per"], q["total"], q["billed"]) == ("kontrak", 307_500, 307_500)
    assert client.get("/outreach/iuran.json?segment=PMI&months=18&placed=1&on=2023-03-01").json()["total"] == 270_000
    assert client.get("/outreach/iuran.json?segment=PMI&months=abc").status_code == 400
    assert client.get("/outreach/iuran.json?segment=PMI&on=2023-03-01").status_code == 400  # no term: one-line detail
    page = client.get("/outreach/pendaftaran/").content.decode()
    assert 'value="PMI"' in page and 'value="P3MI"' in page and "Jangka perjanjian kerja PMI" in page
    form = {"nik": _nik(persons, 8), "nama": "Warga 8", "segment": "PMI", "payer": "P3MI", "month_from": "2023-03"}
    missing = client.post("/outreach/pendaftaran/", form)
    assert missing.status_code == 200 and "Isi jangka waktu perjanjian kerja PMI" in missing.content.decode()
    done = client.post("/outreach/pendaftaran/", dict(form, contract_months="24"))
    assert done.status_code == 302
    e = Enrolment.objects.get()
    assert (e.segment, e.payer, e.payments.get().amount, e.payments.get().months) == ("PMI", "P3MI", 370_000, 24)
    assert "per perjanjian" in client.get("/outreach/pendaftaran/").content.decode()
