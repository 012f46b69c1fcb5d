"""Worklist -> XLSX for offline field work (openpyxl). One sheet, or one sheet per padukuhan;
empty HASIL / TANGGAL / CATATAN columns with a drop-down of the allowed outcomes. A hidden sheet
`_cakupan` carries the worklist id so the returned file can be checked on import."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cakupan.accounts.scope import Scope, audit_record, mask_nik
from cakupan.core.labels import segment_name, status_name
from cakupan.wilayah.selectors import area_names

from ..labels import score_reasons

from ..models import Outcome, Worklist

HEADERS = ["ID_ITEM", "PERINGKAT", "NIK", "NAMA", "JK", "UMUR", "PADUKUHAN", "STATUS", "SEGMEN",
           "SKOR", "ALASAN_SKOR", "PETUGAS", "HASIL", "TANGGAL", "CATATAN", "KODE_PADUKUHAN"]
OUTCOME_COLUMNS = ("HASIL", "TANGGAL", "CATATAN")
META_SHEET = "_cakupan"


def status_text(status: str) -> str:
    """'nonactive' -> 'Nonaktif', 'none' -> 'Belum terdaftar' (cakupan.core.labels)."""
    return status_name(status) if status else ""


def segment_text(segment: str) -> str:
    """'BPU' -> 'BPU'; 'NONE' (never a member) -> '' (the STATUS column says 'Belum terdaftar')."""
    return "" if not segment or segment == "NONE" else segment_name(segment)


def _sheet_title(name: str, used: set[str]) -> str:
    """A padukuhan's name as a sheet title (Excel: at most 31 characters, no []:*?/\\)."""
    base = (name.strip() or "padukuhan")[:28]
    for ch in "[]:*?/\\":
        base = base.replace(ch, "-")
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]}-{n}", n + 1
    used.add(title.lower())
    return title


def _prepare(ws) -> None:
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col in OUTCOME_COLUMNS:
        ws.cell(row=1, column=HEADERS.index(col) + 1).fill = fill
    dv = DataValidation(type="list", formula1='"' + ",".join(Outcome.values) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="HASIL", error="Pilih salah satu hasil dari daftar.")
    ws.add_data_validation(dv)
    letter = ws.cell(row=1, column=HEADERS.index("HASIL") + 1).column_letter
    dv.add(f"{letter}2:{letter}100000")
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLMNOP", (9, 10, 18, 28, 4, 6, 18, 16, 8, 6, 30, 14, 16, 12, 30, 28)):
        ws.column_dimensions[col].width = width


def worklist_export_xlsx(*, worklist: Worklist, scope: Scope, user=None) -> bytes:
    """The worklist as XLSX bytes; NIK masked unless the role sees full NIKs. Audited."""
    wb = Workbook()
    first = wb.active
    items = list(worklist.items.order_by("rank"))
    names = area_names({i.padukuhan_code for i in items})
    sheets: dict[str, object] = {}
    used: set[str] = {META_SHEET.lower()}
    for item in items:
        key = item.padukuhan_code if worklist.by_padukuhan else ""
        ws = sheets.get(key)
        if ws is None:
            title = _sheet_title(names.get(key, key), used) if worklist.by_padukuhan else "Daftar"
            ws = first if not sheets else wb.create_sheet(title)
            ws.title = title
            _prepare(ws)
            sheets[key] = ws
        why = score_reasons(item.score_parts)
        if item.likelihood is not None:
            why += f"; peluang {round(item.likelihood * 100)} %"
        ws.append([
            item.pk, item.rank, item.nik if scope.sees_full_nik else mask_nik(item.nik), item.nama,
            item.sex, item.age, names.get(item.padukuhan_code, item.padukuhan_code), status_text(item.status),
            segment_text(item.segment), item.score, why, item.assigned_to,
            item.outcome or None, item.outcome_date, item.note or None, item.padukuhan_code,
        ])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text such as "=..." from a register stays text, never a formula
                cell.data_type = "s"
        ws.cell(row=ws.max_row, column=HEADERS.index("TANGGAL") + 1).number_format = "DD/MM/YYYY"
    if not sheets:
        first.title = "Daftar"
        _prepare(first)
    meta = wb.create_sheet(META_SHEET)
    meta.append(["worklist_id", worklist.pk])
    meta.append(["run_id", worklist.run_id])
    meta.append(["format", "cakupan-worklist-1"])
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    audit_record(user=user, action="export_persons", scope=scope.label, rows=len(items),
                 detail={"worklist": worklist.pk, "format": "xlsx", "full_nik": scope.sees_full_nik})
    return buf.getvalue()
