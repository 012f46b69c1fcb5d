"""Filled worklist XLSX -> outcomes, with the registry imports' no-loss rule: every row is
accounted for (applied, unchanged, empty, or quarantined with its row number, original values and
reason). A file that is not a cakupan worklist (sheet or headers missing) is rejected whole.
Importing the same file again changes nothing (idempotent)."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from cakupan.accounts.scope import mask_nik
from cakupan.errors import UserError

from ..models import Worklist, WorklistImport, WorklistItem
from .worklists import outcome_normalise, outcomes_for, worklist_item_outcome_set
from .xlsx_export import META_SHEET, OUTCOME_COLUMNS, headers_for

REQUIRED = ("ID_ITEM", "NIK") + OUTCOME_COLUMNS
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_outcome_date(value: object) -> date | None:
    """A date cell, dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd or an Excel serial number; None if bad."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _text(value)
    try:
        m = _DMY.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _open(content: bytes):
    try:
        return load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one user error
        raise UserError(f"Berkas bukan XLSX yang bisa dibaca ({type(exc).__name__}).", code="worklist_import.unreadable")


def _worklist_id(wb) -> int:
    if META_SHEET not in wb.sheetnames:
        raise UserError(f"Berkas bukan daftar kerja cakupan: lembar '{META_SHEET}' tidak ada.", code="worklist_import.no_meta")
    meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
    try:
        return int(meta["worklist_id"])
    except (KeyError, TypeError, ValueError):
        raise UserError("Berkas bukan daftar kerja cakupan: nomor daftar kerja tidak terbaca.", code="worklist_import.no_meta") from None


def _header_index(ws, kind: str) -> dict[str, int]:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    names = [_text(v).upper().replace(" ", "_") for v in first]
    missing = [h for h in REQUIRED if h not in names]
    if missing:
        raise UserError(f"Lembar '{ws.title}' bukan lembar daftar kerja: kolom {', '.join(missing)} tidak ada.", code="worklist_import.headers")
    known = dict.fromkeys(headers_for(kind) + headers_for(kind, "dusun"))  # DIY's words or the national ones
    return {h: names.index(h) for h in known if h in names}


def _check_row(row, col, items, other, seen, worklist, today):
    """(item, outcome, date, note) or raises _Bad(reason_code, message)."""
    raw_id = _text(row[col["ID_ITEM"]])
    if not raw_id.isdigit():
        raise _Bad("item.invalid_id", f"ID_ITEM '{raw_id}' bukan angka")
    item_id = int(raw_id)
    if item_id not in items:
        if item_id in other:
            raise _Bad("item.other_worklist", f"item {item_id} milik daftar kerja #{other[item_id]}, bukan #{worklist.pk}")
        raise _Bad("item.unknown", f"item {item_id} tidak dikenal")
    if item_id in seen:
        raise _Bad("item.duplicate", f"item {item_id} sudah ada di baris {seen[item_id]}")
    item = items[item_id]
    nik = _text(row[col["NIK"]])
    if nik not in (item.nik, mask_nik(item.nik)):
        raise _Bad("item.nik_mismatch", f"NIK baris ini tidak cocok dengan item {item_id}")
    outcome_raw, date_raw, note = (row[col[c]] for c in OUTCOME_COLUMNS)
    note = _text(note)
    if not _text(outcome_raw) and not _text(date_raw) and not note:
        return item, None, None, ""
    outcome = outcome_normalise(outcome_raw, kind=worklist.kind)
    if not _text(outcome_raw):
        raise _Bad("outcome.missing", "TANGGAL atau CATATAN terisi tetapi HASIL kosong")
    if outcome is None:
        raise _Bad("outcome.invalid", f"HASIL '{_text(outcome_raw)[:40]}' tidak dikenal (pilih: {', '.join(outcomes_for(worklist.kind))})")
    on = parse_outcome_date(date_raw)
    if not _text(date_raw):
        raise _Bad("date.missing", "HASIL terisi tetapi TANGGAL kosong")
    if on is None:
        raise _Bad("date.invalid", f"TANGGAL '{_text(date_raw)}' tidak dikenali (tulis dd/mm/yyyy)")
    if on > today:
        raise _Bad("date.future", f"TANGGAL {on.isoformat()} di masa depan")
    return item, outcome, on, note[:500]


class _Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@transaction.atomic
def worklist_import_xlsx(*, content: bytes, file_name: str, by: str = "", worklist: Worklist | None = None) -> WorklistImport:
    wb = _open(content)
    wl_id = _worklist_id(wb)
    if worklist is not None and worklist.pk != wl_id:
        raise UserError(f"Berkas ini untuk daftar kerja #{wl_id}, bukan #{worklist.pk}.", code="worklist_import.other_worklist")
    worklist = worklist or Worklist.objects.filter(pk=wl_id).first()
    if worklist is None:
        raise UserError(f"Daftar kerja #{wl_id} tidak ada di basis data ini.", code="worklist_import.unknown_worklist")
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    columns = {ws.title: _header_index(ws, worklist.kind) for ws in sheets}  # rejects the whole file first
    items = {i.pk: i for i in worklist.items.all()}
    seen: dict[int, str] = {}
    counts = {"applied": 0, "unchanged": 0, "empty": 0}
    quarantine: list[dict] = []
    today = timezone.localdate()
    ids = set()
    for ws in sheets:
        at = columns[ws.title]["ID_ITEM"]
        ids.update(int(_text(r[at])) for r in ws.iter_rows(min_row=2, values_only=True) if len(r) > at and _text(r[at]).isdigit())
    other = dict(WorklistItem.objects.filter(pk__in=ids - set(items)).values_list("pk", "worklist_id"))
    for ws in sheets:
        col = columns[ws.title]
        for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if all(_text(v) == "" for v in row):
                continue
            row = tuple(row) + (None,) * (max(col.values()) + 1 - len(row))
            try:
                item, outcome, on, note = _check_row(row, col, items, other, seen, worklist, today)
            except _Bad as bad:
                quarantine.append({"sheet": ws.title, "row_number": number, "reason_code": bad.code, "message": str(bad),
                                   "raw": {h: _text(row[i]) for h, i in col.items()}})
                continue
            seen[item.pk] = f"{ws.title}!{number}"
            if outcome is None:
                counts["empty"] += 1
            elif worklist_item_outcome_set(item=item, outcome=outcome, on=on, note=note, by=by or "xlsx"):
                counts["applied"] += 1
            else:
                counts["unchanged"] += 1
    read = sum(counts.values()) + len(quarantine)
    return WorklistImport.objects.create(
        worklist=worklist, file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(),
        rows_read=read, rows_applied=counts["applied"], rows_unchanged=counts["unchanged"],
        rows_empty=counts["empty"], rows_quarantined=len(quarantine), quarantine=quarantine,
        imported_by_name=by,
    )
