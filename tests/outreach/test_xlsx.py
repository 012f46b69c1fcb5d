"""Worklist XLSX round trip: generate -> fill with openpyxl -> import; nothing lost."""
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.errors import UserError
from cakupan.outreach.selectors import worklist_progress
from cakupan.outreach.services import partner_create, worklist_export_xlsx, worklist_import_xlsx, worklist_make

from .factories import KAL1, KAP, make_run, standard_persons


def _setup(by_padukuhan=False):
    make_run(standard_persons())
    partner = partner_create(name="Perisai", kind="perisai")
    wl = worklist_make(partner=partner, area_code=KAP, scope=Scope(role="admin"), by_padukuhan=by_padukuhan)
    return partner, wl


def _fill(content, fills):
    """fills: {item rank: (HASIL, TANGGAL, CATATAN)}; returns the new file bytes."""
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        if ws.title.startswith("_"):
            continue
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            rank = row[head.index("PERINGKAT")].value
            if rank in fills:
                for col, value in zip(("HASIL", "TANGGAL", "CATATAN"), fills[rank]):
                    row[head.index(col)].value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.django_db
def test_round_trip_updates_outcomes_and_progress_nothing_lost():
    _, wl = _setup(by_padukuhan=True)
    content = worklist_export_xlsx(worklist=wl, scope=Scope(role="kalurahan", area_code=KAP))
    wb = load_workbook(io.BytesIO(content))
    data_sheets = [ws for ws in wb.worksheets if ws.title != "_cakupan"]
    assert {ws.title for ws in data_sheets} == {"Krajan", "Kulon", "Wetan", "Lor"}  # padukuhan names
    assert sum(ws.max_row - 1 for ws in data_sheets) == 8
    nik_cells = [r[2] for ws in data_sheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all("********" in n for n in nik_cells)  # masked for an area operator
    assert all(r[12] is None for ws in data_sheets for r in ws.iter_rows(min_row=2, values_only=True))
    assert data_sheets[0].data_validations.dataValidation  # HASIL drop-down
    assert AuditLog.objects.filter(action="export_persons", rows=8).exists()

    filled = _fill(content, {1: ("terdaftar", datetime(2023, 3, 10), "bayar APBDes"), 2: ("menolak", "11/03/2023", None),
                             3: ("Tidak Ditemukan", "2023-03-12", "rumah kosong"), 4: ("dihubungi", 45000, None)})
    result = worklist_import_xlsx(content=filled, file_name="kembali.xlsx", by="tester")
    assert (result.rows_read, result.rows_applied, result.rows_empty, result.rows_quarantined) == (8, 4, 4, 0)
    item = wl.items.get(rank=3)
    assert (item.outcome, item.outcome_date, item.note) == ("tidak ditemukan", date(2023, 3, 12), "rumah kosong")
    assert wl.items.get(rank=4).outcome_date == date(2023, 3, 15)  # Excel serial 45000
    p = worklist_progress(worklist=wl)
    assert (p.touched, p.done, p.reactivated, p.pct_done) == (4, 3, 1, 37.5)

    again = worklist_import_xlsx(content=filled, file_name="kembali.xlsx", by="tester")  # idempotent
    assert (again.rows_applied, again.rows_unchanged, again.rows_empty) == (0, 4, 4)
    assert worklist_progress(worklist=wl).by_outcome == p.by_outcome


@pytest.mark.django_db
def test_bad_rows_quarantined_row_by_row_with_reason_and_values():
    partner, wl = _setup()
    other = worklist_make(partner=partner, area_code=KAL1, scope=Scope(role="admin"))
    content = worklist_export_xlsx(worklist=wl, scope=Scope(role="admin"))
    filled = _fill(content, {1: ("terdaftar", "10/03/2023", ""), 2: ("mungkin", "10/03/2023", ""),
                             3: ("menolak", "31/02/2023", ""), 4: ("menolak", None, ""), 5: (None, "10/03/2023", "x"),
                             6: ("pindah", "01/01/2099", "")})
    wb = load_workbook(io.BytesIO(filled))
    ws = wb["Daftar"]
    ws.append([other.items.first().pk, 1, other.items.first().nik, "", "", "", "", "", "", "", "", "", "menolak", "10/03/2023", ""])
    ws.append([999999, 1, "3402", "", "", "", "", "", "", "", "", "", "menolak", "10/03/2023", ""])
    ws.append(["abc", 1, "3402", "", "", "", "", "", "", "", "", "", "menolak", "10/03/2023", ""])
    first = [c.value for c in ws[2]]
    ws.append(first[:12] + ["pindah", "10/03/2023", "dobel"])  # the same item twice
    buf = io.BytesIO()
    wb.save(buf)
    result = worklist_import_xlsx(content=buf.getvalue(), file_name="x.xlsx")
    reasons = sorted(q["reason_code"] for q in result.quarantine)
    assert reasons == sorted(["outcome.invalid", "date.invalid", "date.missing", "outcome.missing", "date.future",
                              "item.other_worklist", "item.unknown", "item.invalid_id", "item.duplicate"])
    assert result.rows_read == 12 == result.rows_applied + result.rows_unchanged + result.rows_empty + result.rows_quarantined
    bad = next(q for q in result.quarantine if q["reason_code"] == "outcome.invalid")
    assert bad["row_number"] == 3 and bad["raw"]["HASIL"] == "mungkin" and bad["sheet"] == "Daftar"
    assert wl.items.get(rank=1).outcome == "terdaftar"
    assert not wl.items.get(rank=2).outcome


@pytest.mark.django_db
def test_malformed_file_rejected_with_one_line_message():
    _, wl = _setup()
    wb = Workbook()
    wb.active.append(["NIK", "NAMA", "HASIL"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UserError) as err:
        worklist_import_xlsx(content=buf.getvalue(), file_name="lain.xlsx")
    assert "\n" not in str(err.value)
    # right meta sheet, wrong headers
    content = worklist_export_xlsx(worklist=wl, scope=Scope(role="admin"))
    wb = load_workbook(io.BytesIO(content))
    wb["Daftar"].cell(row=1, column=13).value = "RESULT"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UserError, match="HASIL"):
        worklist_import_xlsx(content=buf.getvalue(), file_name="x.xlsx")
    with pytest.raises(UserError):
        worklist_import_xlsx(content=b"not a zip", file_name="x.xlsx")
    assert not wl.imports.exists()


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_stays_text():
    _, wl = _setup()
    wl.items.filter(rank=1).update(nama="=HYPERLINK(\"http://x\")")
    content = worklist_export_xlsx(worklist=wl, scope=Scope(role="admin"))
    cell = load_workbook(io.BytesIO(content))["Daftar"]["D2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.django_db
def test_columns_found_by_header_even_when_moved():
    _, wl = _setup()
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar"
    ws.append(["CATATAN", "HASIL", "TANGGAL", "NIK", "EXTRA", "ID_ITEM"])
    item = wl.items.get(rank=2)
    ws.append(["catatan", "pindah", "05/03/2023", item.nik, "x", item.pk])
    meta = wb.create_sheet("_cakupan")
    meta.append(["worklist_id", wl.pk])
    buf = io.BytesIO()
    wb.save(buf)
    result = worklist_import_xlsx(content=buf.getvalue(), file_name="pindah-kolom.xlsx")
    assert (result.rows_read, result.rows_applied) == (1, 1)
    item.refresh_from_db()
    assert (item.outcome, item.note) == ("pindah", "catatan")
