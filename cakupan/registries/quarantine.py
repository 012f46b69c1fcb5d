"""Export quarantined rows so the user can fix them and import them again.

The file has the ORIGINAL headers and text of every quarantined row, plus BARIS_ASAL (row number
in the imported file), ALASAN (reason code) and ALASAN_KETERANGAN (message). The fixed file goes
back through ``merge.snapshot_merge`` (a plain import refuses it: it holds only some rows); an
XLSX export names its snapshot in the workbook keywords (``cakupan-snapshot:<id>``). CSV is written with ';' and a
UTF-8 BOM (opens correctly in Excel with Indonesian settings); XLSX cells are all text, so a NIK
stays a NIK.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .columns import QUARANTINE_COLUMNS
from .reasons import file_error
from .selectors import quarantine_rows, snapshot_get

ROW_COL, REASON_COL, MESSAGE_COL = QUARANTINE_COLUMNS
ORIGIN_TAG = "cakupan-snapshot:"  # XLSX workbook keywords: which snapshot the rows came from


def quarantine_table(*, snapshot_id: int) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the export."""
    rows = quarantine_rows(snapshot=snapshot_get(snapshot_id=snapshot_id))
    headers: list[str] = []
    for row in rows:
        for key in row["raw"]:
            if key not in headers:
                headers.append(key)
    out = []
    for row in rows:
        raw = row["raw"]
        values = ["" if raw.get(h) is None else str(raw.get(h)) for h in headers]
        out.append(values + [str(row["row_number"]), row["reason_code"], row["message"]])
    return headers + list(QUARANTINE_COLUMNS), out


def quarantine_export(*, snapshot_id: int, path: Path | str) -> int:
    """Write the quarantined rows of a snapshot to ``path`` (.csv or .xlsx); returns the count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise file_error("file.unsupported", ext=path.suffix or "(tanpa akhiran)")
    headers, rows = quarantine_table(snapshot_id=snapshot_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh, delimiter=";")
                writer.writerow(headers)
                writer.writerows(rows)
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            book.properties.keywords = f"{ORIGIN_TAG}{snapshot_id}"  # survives Excel's save
            sheet = book.create_sheet("karantina")
            sheet.append(headers)
            for row in rows:
                sheet.append([_text_cell(sheet, v) for v in row])
            book.save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(rows)


def _text_cell(sheet, value: str):
    """A value that starts with '=' stays text (never a formula)."""
    if not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def export_origin(path: Path) -> int | None:
    """The snapshot an XLSX export came from (its workbook keywords), else None."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    from .readers_xlsx import open_workbook

    try:
        book = open_workbook(path)
    except Exception:  # noqa: BLE001 - only a hint for a message
        return None
    try:
        keywords = book.properties.keywords or ""
    finally:
        book.close()
    for word in keywords.replace(",", " ").split():
        if word.startswith(ORIGIN_TAG) and word[len(ORIGIN_TAG):].isdigit():
            return int(word[len(ORIGIN_TAG):])
    return None
