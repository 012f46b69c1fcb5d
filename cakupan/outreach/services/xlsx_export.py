"""Worklist -> XLSX for offline field work (openpyxl). One sheet, or one sheet per padukuhan;
empty HASIL / TANGGAL / CATATAN columns with a drop-down of the allowed outcomes. A hidden sheet
`_cakupan` carries the worklist id so the returned file can be checked on import."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cakupan.accounts.scope import Scope, audit_record, mask_nik

from ..models import Outcome, Worklist

HEADERS = ["ID_ITEM", "PERINGKAT", "NIK", "NAMA", "JK", "UMUR", "PADUKUHAN", "STATUS", "SEGMEN",
           "SKOR", "ALASAN_SKOR", "PETUGAS", "HASIL", "TANGGAL", "CATATAN"]
OUTCOME_COLUMNS = ("HASIL", "TANGGAL", "CATATAN")
META_SHEET = "_cakupan"
STATUS_TEXT = {"nonactive": "NONAKTIF", "none": "BELUM TERDAFTAR"}


def _sheet_title(code: str, used: set[str]) -> str:
    base = (code.rsplit(".", 1)[-1] or "padukuhan")[:28]
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
    for col, width in zip("ABCDEFGHIJKLMNO", (9, 10, 18, 28, 4, 6, 18, 16, 8, 6, 30, 14, 16, 12, 30)):
        ws.column_dimensions[col].width = width


def worklist_export_xlsx(*, worklist: Worklist, scope: Scope, user=None) -> bytes:
    """The worklist as XLSX bytes; NIK masked unless the role sees full NIKs. Audited."""
    wb = Workbook()
    first = wb.active
    items = list(worklist.items.order_by("rank"))
    sheets: dict[str, object] = {}
    used: set[str] = {META_SHEET.lower()}
    for item in items:
        key = item.padukuhan_code if worklist.by_padukuhan else ""
        ws = sheets.get(key)
        if ws is None:
            title = _sheet_title(key, used) if worklist.by_padukuhan else "Daftar"
            ws = first if not sheets else wb.create_sheet(title)
            ws.title = title
            _prepare(ws)
            sheets[key] = ws
        why = ", ".join(f"{k} +{v}" for k, v in item.score_parts.items())
        if item.likelihood is not None:
            why += f"; peluang {item.likelihood:.0%}"
        ws.append([
            item.pk, item.rank, item.nik if scope.sees_full_nik else mask_nik(item.nik), item.nama,
            item.sex, item.age, item.padukuhan_code.rsplit(".", 1)[-1], STATUS_TEXT.get(item.status, item.status),
            item.segment if item.segment != "NONE" else "", item.score, why, item.assigned_to,
            item.outcome or None, item.outcome_date, item.note or None,
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
