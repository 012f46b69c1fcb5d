"""Lapse worklists through the XLSX round trip, the Akan nonaktif page (Django test client) and the CLI."""
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.cli import app
from cakupan.outreach.models import Worklist
from cakupan.outreach.services import (
    lapse_worklist_make,
    partner_create,
    worklist_export_xlsx,
    worklist_import_xlsx,
    worklist_make,
)
from cakupan.outreach.services.xlsx_export import LAPSE_HEADERS

from .factories import KAL1, KAL2, KAP, lapse_persons, make_run, make_user, person
from .test_no_500 import NASTY
from .test_xlsx import _fill

ADMIN = Scope(role="admin")
pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    persons = lapse_persons()
    make_run(persons)
    return persons


def login(client, username, **kw):
    make_user(username, **kw)
    client.login(username=username, password="rahasia-123")


def test_xlsx_round_trip_of_a_lapse_worklist(region):
    wl = lapse_worklist_make(partner=partner_create(name="P", kind="perisai"), area_code=KAP, scope=ADMIN)
    content = worklist_export_xlsx(worklist=wl, scope=Scope(role="kalurahan", area_code=KAP))
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Daftar"]
    head = [c.value for c in ws[1]]
    assert head == LAPSE_HEADERS and "BATAS_BAYAR" in head and "BULAN_NONAKTIF" in head
    rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 7 and all("********" in r["NIK"] for r in rows)
    first, last = rows[0], rows[-1]
    assert (first["ALASAN"], first["SEGMEN"], first["IURAN_TERAKHIR"], first["BATAS_BAYAR"], first["BULAN_NONAKTIF"]) == (
        "akan nonaktif", "BPU", "November 2022", "Februari 2023", "Maret 2023")
    assert (last["ALASAN"], last["SEGMEN"], last["BATAS_BAYAR"], last["BULAN_NONAKTIF"]) == (
        "baru nonaktif", "PU", None, "Januari 2023")
    assert "membayar" in ws.data_validations.dataValidation[0].formula1
    assert dict(r for r in wb["_cakupan"].iter_rows(values_only=True))["kind"] == "lapse"

    filled = _fill(content, {1: ("membayar", datetime(2023, 3, 10), "bayar 3 bulan"), 2: ("paid", "11/03/2023", None),
                             5: ("dihubungi", "2023-03-12", "janji bayar"), 6: ("terdaftar", "12/03/2023", None),
                             7: ("mungkin", "12/03/2023", None)})
    result = worklist_import_xlsx(content=filled, file_name="kembali.xlsx", by="tester")
    assert (result.rows_read, result.rows_applied, result.rows_empty, result.rows_quarantined) == (7, 4, 2, 1)
    assert result.quarantine[0]["reason_code"] == "outcome.invalid" and "membayar" in result.quarantine[0]["message"]
    assert result.quarantine[0]["raw"]["BULAN_NONAKTIF"] == "Januari 2023"
    assert [wl.items.get(rank=r).outcome for r in (1, 2, 5)] == ["membayar", "membayar", "dihubungi"]
    again = worklist_import_xlsx(content=filled, file_name="kembali.xlsx", by="tester")  # idempotent
    assert (again.rows_applied, again.rows_unchanged) == (0, 4)


def test_enrolment_worklist_file_refuses_membayar(region):
    wl = worklist_make(partner=partner_create(name="P", kind="perisai"), area_code=KAP, scope=ADMIN)
    content = worklist_export_xlsx(worklist=wl, scope=ADMIN)
    assert "membayar" not in load_workbook(io.BytesIO(content))["Daftar"].data_validations.dataValidation[0].formula1
    result = worklist_import_xlsx(content=_fill(content, {1: ("membayar", "10/03/2023", None)}), file_name="x.xlsx")
    assert result.rows_quarantined == 1 and result.quarantine[0]["reason_code"] == "outcome.invalid"


def test_page_form_makes_a_lapse_worklist_and_shows_credits(client, region):
    partner = partner_create(name="Perisai A", kind="perisai")
    login(client, "analis", role="analis")
    page = client.get("/outreach/akan-nonaktif/", {"within": "2"}).content.decode()
    assert 'id="lapse-make-form"' in page and 'name="csrfmiddlewaretoken"' in page
    assert "Warga 302" in page and "Warga 303" in page and "Warga 304" in page  # PU, JAKON, PMI now listed too
    assert 'data-segment="JAKON">JAKON: tenggang 0 bulan' in page
    r = client.post("/outreach/akan-nonaktif/buat/", {"partner": partner.pk, "area": KAP, "within": "1", "since": "2"})
    wl = Worklist.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/outreach/daftar/{wl.pk}/") and wl.kind == "lapse"
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert 'data-reason="akan_nonaktif"' in page and 'data-reason="baru_nonaktif"' in page
    assert "Batas bayar" in page and "Februari 2023" in page and "menunggu hasil cakupan berikutnya" in page
    make_run([person(301, status="active", segment="BPU", paid_through=date(2023, 3, 1)),
              person(306, status="active", segment="BPU", paid_through=date(2023, 4, 1))], as_of=date(2023, 4, 28))
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert 'data-credit="retained">1<' in page and 'data-credit="reactivated">1<' in page
    assert 'data-credit="retained">bertahan aktif<' in page
    page = client.get("/outreach/akan-nonaktif/").content.decode()
    assert "Perisai A" in page and 'data-credit="reactivated">1<' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/outreach/daftar/{wl.pk}/").content.decode()
    assert "Payment deadline" in page and "Stayed active" in page and "about to lapse" in page


def test_page_form_refuses_wrong_input_next_to_the_field(client, region):
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    login(client, "op", role="kalurahan", area_code=KAL2)
    r = client.post("/outreach/akan-nonaktif/buat/", {"partner": lurah.pk, "area": KAL2, "within": "1", "since": "2"})
    assert r.status_code == 200 and "tidak bekerja di wilayah" in r.content.decode() and not Worklist.objects.exists()
    r = client.post("/outreach/akan-nonaktif/buat/", {"partner": lurah.pk, "area": KAL1, "within": "1", "since": "2"})
    assert r.status_code == 200 and not Worklist.objects.exists()  # KAL1 is not a choice for a KAL2 officer
    r = client.post("/outreach/akan-nonaktif/buat/", {"partner": lurah.pk, "area": KAL2, "within": "99", "since": "-1"})
    assert r.status_code == 200 and 'class="error"' in r.content.decode() and not Worklist.objects.exists()
    assert client.get("/outreach/akan-nonaktif/buat/").status_code == 405
    client.logout()
    login(client, "boss", role="pimpinan")
    assert client.post("/outreach/akan-nonaktif/buat/", {"partner": lurah.pk, "area": KAL1}).status_code == 403


def test_page_form_given_nonsense_never_500(client, region):
    partner = partner_create(name="P", kind="perisai")
    login(client, "analis", role="analis")
    base = {"partner": str(partner.pk), "area": KAL1, "ecosystem": "", "within": "1", "since": "2", "by_padukuhan": ""}
    for field in base:
        for value in NASTY + ["1.5", "true", "[]"]:
            r = client.post("/outreach/akan-nonaktif/buat/", base | {field: value})
            assert r.status_code < 500, (field, value)
    for value in NASTY:
        assert client.get("/outreach/akan-nonaktif/", {"segment": value, "within": value}).status_code < 500


def test_cli_lapse_worklist_and_show(region):
    runner = CliRunner()

    def ok(*args):
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    ok("worklist", "partner", "--name", "Lurah Poncosari", "--kind", "lurah", "--area", KAL1)
    text = ok("lapse", "worklist", "--partner", "Lurah Poncosari", "--area", KAL1, "--within", "1", "--since", "2")
    assert "5 orang" in text and "akan nonaktif dalam 1 bulan: 3 (BPU 1, JAKON 1, PU 1)" in text
    assert "baru nonaktif (2 bulan terakhir): 2 (BPU 1, PU 1)" in text
    wl = Worklist.objects.get()
    text = ok("worklist", "show", str(wl.pk))
    assert "menunggu hasil cakupan berikutnya" in text and "akan nonaktif" in text
    assert "tindak lanjut nonaktif" in ok("worklist", "show")
    assert ok("lapse", "list", "--within", "1", "--segment", "JAKON").startswith("1 peserta")
    result = runner.invoke(app, ["lapse", "worklist", "--partner", "Lurah Poncosari", "--area", KAL2])
    assert result.exit_code != 0
    assert "Example: cakupan lapse worklist" in " ".join(runner.invoke(app, ["lapse", "worklist", "--help"]).output.split())


def test_docs_name_every_reason_outcome_and_credit():
    from pathlib import Path

    from cakupan.outreach.lapse_credits import CREDITS
    from cakupan.outreach.models import Outcome, Reason

    text = (Path(__file__).resolve().parents[2] / "docs" / "outreach.md").read_text(encoding="utf-8")
    assert "## Lapse follow-up as work" in text and "### Worked example" in text
    for value in list(Outcome.values) + list(Reason.values) + ["BATAS_BAYAR", "BULAN_NONAKTIF"]:
        assert value in text, value
    words = {"retained": "retained", "reactivated": "re-activated", "not_due": "not due", "lapsed": "lapsed",
             "still_nonactive": "still non-active", "missing": "missing"}
    assert set(words) == set(CREDITS)
    for word in words.values():
        assert word in text, word
