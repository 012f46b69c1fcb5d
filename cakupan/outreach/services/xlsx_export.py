"""Worklist -> XLSX for offline field work (openpyxl). One sheet, or one sheet per padukuhan;
empty HASIL / TANGGAL / CATATAN columns with a drop-down of the outcomes allowed for the worklist's
kind. A lapse worklist has its own columns (ALASAN, IURAN_TERAKHIR, BATAS_BAYAR, BULAN_NONAKTIF)
in place of STATUS / SKOR / ALASAN_SKOR. A worklist of a dinas partner (an office's teachers:
services/office_worklists.py) has a SEKOLAH column after NAMA (read back by nobody). A hidden sheet `_cakupan` carries the worklist id so the
returned file can be checked on import."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cakupan.accounts.scope import Scope, audit_record, mask_nik
from cakupan.core.labels import segment_name, status_name
from cakupan.wilayah.selectors import area_names

from ..labels import month_text, reason_text, score_reasons
from ..lapse_rules import deadline
from ..models import Partner, Worklist, WorklistItem
from .office_worklists import worklist_schools
from .worklists import outcomes_for

HEADERS = ["ID_ITEM", "PERINGKAT", "NIK", "NAMA", "JK", "UMUR", "PADUKUHAN", "STATUS", "SEGMEN",
           "SKOR", "ALASAN_SKOR", "PETUGAS", "HASIL", "TANGGAL", "CATATAN", "KODE_PADUKUHAN"]
LAPSE_HEADERS = ["ID_ITEM", "PERINGKAT", "NIK", "NAMA", "JK", "UMUR", "PADUKUHAN", "ALASAN", "SEGMEN",
                 "IURAN_TERAKHIR", "BATAS_BAYAR", "BULAN_NONAKTIF", "PETUGAS", "HASIL", "TANGGAL", "CATATAN",
                 "KODE_PADUKUHAN"]
WIDTHS = {Worklist.Kind.ENROL: (9, 10, 18, 28, 4, 6, 18, 16, 8, 6, 30, 14, 16, 12, 30, 28),
          Worklist.Kind.LAPSE: (9, 10, 18, 28, 4, 6, 18, 16, 8, 16, 16, 16, 14, 16, 12, 30, 28)}
OUTCOME_COLUMNS = ("HASIL", "TANGGAL", "CATATAN")
SCHOOL_COLUMN = "SEKOLAH"
META_SHEET = "_cakupan"


def headers_for(kind: str, word: str = "padukuhan", school: bool = False) -> list[str]:
    """The columns of a worklist's kind; PADUKUHAN / KODE_PADUKUHAN read as the province's word for
    the sub-village (core.terms: DUSUN / KODE_DUSUN outside DIY; Bantul's columns unchanged);
    `school`: SEKOLAH after NAMA (an office's worklist)."""
    headers = LAPSE_HEADERS if kind == Worklist.Kind.LAPSE else HEADERS
    if school:
        at = headers.index("NAMA") + 1
        headers = headers[:at] + [SCHOOL_COLUMN] + headers[at:]
    if word == "padukuhan":
        return headers
    w = word.upper().replace("/", "_")
    return [h.replace("PADUKUHAN", w) for h in headers]


def worklist_word(worklist: Worklist) -> str:
    """The word of the worklist's run's province for the sub-village: 'padukuhan' in DIY, 'dusun' elsewhere."""
    from cakupan.coverage.selectors import run_terms

    return run_terms(worklist.run)["padukuhan"]


def status_text(status: str) -> str:
    """'nonactive' -> 'Nonaktif', 'none' -> 'Belum terdaftar' (cakupan.core.labels)."""
    return status_name(status) if status else ""


def segment_text(segment: str) -> str:
    """'BPU' -> 'BPU'; 'NONE' (never a member) -> '' (the STATUS column says 'Belum terdaftar')."""
    return "" if not segment or segment == "NONE" else segment_name(segment)


def _sheet_title(name: str, used: set[str], word: str = "padukuhan") -> str:
    """A padukuhan's name as a sheet title (Excel: at most 31 characters, no []:*?/\\)."""
    base = (name.strip() or word)[:28]
    for ch in "[]:*?/\\":
        base = base.replace(ch, "-")
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]}-{n}", n + 1
    used.add(title.lower())
    return title


def _prepare(ws, kind: str, word: str = "padukuhan", school: bool = False) -> None:
    headers = headers_for(kind, word, school)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col in OUTCOME_COLUMNS:
        ws.cell(row=1, column=headers.index(col) + 1).fill = fill
    dv = DataValidation(type="list", formula1='"' + ",".join(outcomes_for(kind)) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="HASIL", error="Pilih salah satu hasil dari daftar.")
    ws.add_data_validation(dv)
    letter = ws.cell(row=1, column=headers.index("HASIL") + 1).column_letter
    dv.add(f"{letter}2:{letter}100000")
    ws.freeze_panes = "A2"
    widths = list(WIDTHS.get(kind, WIDTHS[Worklist.Kind.ENROL]))
    if school:
        widths.insert(headers.index(SCHOOL_COLUMN), 30)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width


def _row(item: WorklistItem, *, kind: str, nik: str, padukuhan: str, school: str | None = None) -> list:
    head = [item.pk, item.rank, nik, item.nama, *(() if school is None else (school,)), item.sex, item.age, padukuhan]
    tail = [item.assigned_to, item.outcome or None, item.outcome_date, item.note or None, item.padukuhan_code]
    if kind == Worklist.Kind.LAPSE:
        due = deadline(item.lapse_month) if item.reason == "akan_nonaktif" else None
        return head + [reason_text(item.reason), segment_text(item.segment), month_text(item.paid_through),
                       month_text(due) if due else None, month_text(item.lapse_month)] + tail
    why = score_reasons(item.score_parts)
    if item.likelihood is not None:
        why += f"; peluang {round(item.likelihood * 100)} %"
    return head + [status_text(item.status), segment_text(item.segment), item.score, why] + tail


def worklist_export_xlsx(*, worklist: Worklist, scope: Scope, user=None) -> bytes:
    """The worklist as XLSX bytes; NIK masked unless the role sees full NIKs. Audited."""
    wb = Workbook()
    first = wb.active
    kind = worklist.kind
    word = worklist_word(worklist)
    schools = worklist_schools(worklist=worklist)   # {} unless an office's worklist
    with_school = worklist.partner.kind == Partner.Kind.DINAS
    headers = headers_for(kind, word, with_school)
    items = list(worklist.items.order_by("rank"))
    names = area_names({i.padukuhan_code for i in items})
    sheets: dict[str, object] = {}
    used: set[str] = {META_SHEET.lower()}
    for item in items:
        key = item.padukuhan_code if worklist.by_padukuhan else ""
        ws = sheets.get(key)
        if ws is None:
            title = _sheet_title(names.get(key, key), used, word) if worklist.by_padukuhan else "Daftar"
            ws = first if not sheets else wb.create_sheet(title)
            ws.title = title
            _prepare(ws, kind, word, with_school)
            sheets[key] = ws
        ws.append(_row(item, kind=kind, nik=item.nik if scope.sees_full_nik else mask_nik(item.nik),
                       padukuhan=names.get(item.padukuhan_code, item.padukuhan_code),
                       school=schools.get(item.nik, "") if with_school else None))
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text such as "=..." from a register stays text, never a formula
                cell.data_type = "s"
        ws.cell(row=ws.max_row, column=headers.index("TANGGAL") + 1).number_format = "DD/MM/YYYY"
    if not sheets:
        first.title = "Daftar"
        _prepare(first, kind, word, with_school)
    meta = wb.create_sheet(META_SHEET)
    meta.append(["worklist_id", worklist.pk])
    meta.append(["run_id", worklist.run_id])
    meta.append(["format", "cakupan-worklist-1"])
    meta.append(["kind", kind])
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    audit_record(user=user, action="export_persons", scope=scope.label, rows=len(items),
                 detail={"worklist": worklist.pk, "kind": kind, "format": "xlsx", "full_nik": scope.sees_full_nik,
                         "purpose": "sosialisasi"})  # a worklist exists for outreach only (EXPORT_PURPOSES)
    return buf.getvalue()
