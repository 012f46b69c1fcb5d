"""The area words follow the province on the outreach exports and the event page (core.terms): in
Klaten (33.10) the funder report (PDF and XLSX), the event page, the attendance sheet and the worklist
XLSX say desa/dusun, never kalurahan/padukuhan; Bantul (34.02) reads as before."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cakupan.accounts.scope import Scope
from cakupan.outreach.event_sheet import attendance_sheet_pdf
from cakupan.outreach.funder_report import HEADERS, funder_report_pdf, funder_report_xlsx
from cakupan.outreach.models import WorklistItem
from cakupan.coverage.models import PersonStatus
from cakupan.outreach.services import enrolment_register, event_plan, partner_create, worklist_make
from cakupan.outreach.services.funders import funder_create
from cakupan.outreach.services.xlsx_export import HEADERS as WORKLIST_HEADERS
from cakupan.outreach.services.xlsx_export import worklist_export_xlsx
from cakupan.outreach.services.xlsx_import import worklist_import_xlsx
from tests.web.test_region_terms_pages import KEC, _text, klaten  # noqa: F401 - klaten is a fixture

from .factories import KAL1, KAP, make_run, make_user, standard_persons
from tests.pdftext import pdf_text

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

ADMIN = Scope(role="admin")
SANGGRAHAN = "33.10.01.2001"
DIY_WORDS = ("kapanewon", "kalurahan", "padukuhan")


def _no_diy_words(text: str) -> None:
    low = text.lower()
    assert not [w for w in DIY_WORDS if w in low], text[:3000]


def _funder(code: str, name: str):
    return funder_create(kind="APBDES", name=name, budget="1.000.000", period_from=date(2023, 1, 1),
                         period_to=date(2023, 12, 31), kalurahan_code=code, scope=ADMIN)


# --- the funder report ---------------------------------------------------------------------------

def test_funder_report_in_klaten_says_desa(klaten, tmp_path):
    f = _funder(SANGGRAHAN, "APBDes Sanggrahan 2023")
    warga = PersonStatus.objects.get(run=klaten, nama="Warga 1")  # lives in Sanggrahan
    enrolment_register(nik=warga.nik, nama=warga.nama, segment="BPU", income=1_000_000, payer="APBDES",
                       month_from=date(2023, 3, 1), month_to=date(2023, 5, 1), funder=f)
    text = pdf_text(funder_report_pdf(funder=f, scope=ADMIN)[0], tmp_path)
    # the heading names the funder's desa; the column reads Desa/kelurahan (a narrow cell wraps it)
    assert "Desa Sanggrahan" in text and "Desa/ " in text and "kelurahan" in text and "Warga" in text
    _no_diy_words(text)
    wb = load_workbook(io.BytesIO(funder_report_xlsx(funder=f, scope=ADMIN)[0]))
    head = [c.value for c in wb["Peserta"][1]]
    assert "DESA_KELURAHAN" in head and "KALURAHAN" not in head
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Desa"] == "Sanggrahan" and "Kalurahan" not in summary
    row = [c.value for c in wb["Peserta"][2]]
    assert row[head.index("DESA_KELURAHAN")] == "Sanggrahan"


def test_csr_funder_report_in_klaten_takes_the_runs_words(klaten, tmp_path):
    csr = funder_create(kind="CSR", name="CSR Pabrik Gula", company="PT Gula Klaten", budget=500_000,
                        period_from=date(2023, 1, 1), period_to=date(2023, 12, 31), scope=ADMIN)
    wb = load_workbook(io.BytesIO(funder_report_xlsx(funder=csr, scope=ADMIN)[0]))
    assert "DESA_KELURAHAN" in [c.value for c in wb["Peserta"][1]]
    _no_diy_words(pdf_text(funder_report_pdf(funder=csr, scope=ADMIN)[0], tmp_path))


def test_funder_report_in_bantul_unchanged(db, tmp_path):
    make_run(standard_persons())
    f = _funder(KAL1, "APBDes Poncosari 2023")
    text = pdf_text(funder_report_pdf(funder=f, scope=ADMIN)[0], tmp_path)
    assert "Kalurahan Poncosari" in text and "Desa" not in text
    wb = load_workbook(io.BytesIO(funder_report_xlsx(funder=f, scope=ADMIN)[0]))
    assert [c.value for c in wb["Peserta"][1]] == HEADERS and "KALURAHAN" in HEADERS
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Kalurahan"] == "Poncosari"


def test_funder_page_in_klaten_says_desa(client, klaten):
    f = _funder(SANGGRAHAN, "APBDes Sanggrahan 2023")
    assert client.login(username="admin", password="rahasia-123")
    page = _text(client.get(f"/outreach/penyandang-dana/{f.pk}/").content.decode())
    assert "desa/kelurahan sanggrahan" in page
    _no_diy_words(page)


# --- the event page and its attendance sheet -----------------------------------------------------

def test_event_page_and_sheet_in_klaten_say_dusun(client, klaten, tmp_path):
    event = event_plan(name="Sosialisasi Sanggrahan", on=date(2023, 3, 1), place="Balai Desa", area_code=SANGGRAHAN,
                       scope=ADMIN)
    assert client.login(username="admin", password="rahasia-123")
    page = client.get(f"/outreach/sosialisasi/{event.pk}/")
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "dusun" in text
    _no_diy_words(text)
    pdf, _n = attendance_sheet_pdf(event=event, scope=ADMIN)
    sheet = pdf_text(pdf, tmp_path)
    assert "Dusun" in sheet and "Sosialisasi Sanggrahan" in sheet
    _no_diy_words(sheet)


def test_event_page_and_sheet_in_bantul_say_padukuhan(client, db, tmp_path):
    make_run(standard_persons())
    make_user("admin", role="admin")
    event = event_plan(name="Sosialisasi Poncosari", on=date(2023, 3, 1), place="Balai", area_code=KAL1, scope=ADMIN)
    assert client.login(username="admin", password="rahasia-123")
    text = _text(client.get(f"/outreach/sosialisasi/{event.pk}/").content.decode())
    assert "padukuhan" in text and "dusun" not in text
    sheet = pdf_text(attendance_sheet_pdf(event=event, scope=ADMIN)[0], tmp_path)
    assert "Padukuhan" in sheet and "Dusun" not in sheet


# --- the worklist XLSX ---------------------------------------------------------------------------

def _export(wl) -> list[str]:
    wb = load_workbook(io.BytesIO(worklist_export_xlsx(worklist=wl, scope=ADMIN)))
    return [c.value for c in wb.worksheets[0][1]]


def test_worklist_xlsx_in_klaten_says_dusun_and_its_import_reads_it(klaten):
    partner = partner_create(name="Camat Prambanan", kind="lurah", area_codes=[KEC])
    wl = worklist_make(partner=partner, area_code=KEC, scope=ADMIN)
    head = _export(wl)
    assert "DUSUN" in head and "KODE_DUSUN" in head and not [h for h in head if "PADUKUHAN" in h]
    # the returned file is read as before: outcomes by ID_ITEM and NIK, whichever word the columns use
    item = WorklistItem.objects.filter(worklist=wl).order_by("rank").first()
    wb = load_workbook(io.BytesIO(worklist_export_xlsx(worklist=wl, scope=Scope(role="admin"))))
    ws = wb.worksheets[0]
    ws.cell(row=2, column=head.index("HASIL") + 1, value="dihubungi")
    ws.cell(row=2, column=head.index("TANGGAL") + 1, value=date(2023, 3, 2))
    buf = io.BytesIO()
    wb.save(buf)
    result = worklist_import_xlsx(content=buf.getvalue(), file_name="kembali.xlsx", by="tester")
    assert result.rows_applied == 1, result.quarantine
    item.refresh_from_db()
    assert item.outcome == "dihubungi"


def test_worklist_xlsx_in_bantul_unchanged(db):
    make_run(standard_persons())
    partner = partner_create(name="Lurah Srandakan", kind="lurah", area_codes=[KAP])
    wl = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert _export(wl) == WORKLIST_HEADERS and "PADUKUHAN" in WORKLIST_HEADERS


def test_an_old_padukuhan_file_still_imports(db):
    """A file with the DIY columns (PADUKUHAN, KODE_PADUKUHAN) imports as before."""
    make_run(standard_persons())
    partner = partner_create(name="Lurah Srandakan", kind="lurah", area_codes=[KAP])
    wl = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    wb = load_workbook(io.BytesIO(worklist_export_xlsx(worklist=wl, scope=ADMIN)))
    head = [c.value for c in wb.worksheets[0][1]]
    wb.worksheets[0].cell(row=2, column=head.index("HASIL") + 1, value="dihubungi")
    wb.worksheets[0].cell(row=2, column=head.index("TANGGAL") + 1, value=date(2023, 3, 2))
    buf = io.BytesIO()
    wb.save(buf)
    assert worklist_import_xlsx(content=buf.getvalue(), file_name="k.xlsx", by="t").rows_applied == 1
