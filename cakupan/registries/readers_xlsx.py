"""XLSX and Parquet readers (see readers.py for the shape they return).

Cell values become the text a user would see: dates as yyyy-mm-dd, whole numbers without ".0",
and numbers of 16 or more digits in Excel's 15-significant-digit form (``3.40201150190000E+15``):
an Excel number cell cannot hold a 16-digit NIK, so the value is shown as what Excel kept and the
NIK check reports it as ``nik.spreadsheet_mangled`` instead of trusting a lost last digit.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from .columns import find_header_row
from .readers import Progress, RawTable, build_table
from .reasons import file_error

HEADER_SEARCH_ROWS = 10


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def number_text(value: int | float) -> str:
    if abs(value) >= 1e15:
        return format(float(value), ".15G")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_workbook(path: Path):
    """The workbook, read-only streaming (close it after use)."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise file_error("file.unreadable", name=path.name, fmt="XLSX", detail=exc) from None


def pick_sheet(book, sheet: str | None, name: str):
    """The named sheet, or the first one."""
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise file_error("file.sheet_not_found", sheet=sheet, name=name, sheets=", ".join(names))
    ws = book[sheet] if sheet is not None else book[names[0]]
    ws.reset_dimensions()
    return ws


def sheet_records(ws) -> Iterator[tuple[int, list]]:
    """(sheet row number, cell texts) from the header row on; blank rows left out, title rows
    above the header (within the first HEADER_SEARCH_ROWS non-blank rows) dropped."""
    head: list[tuple[int, list]] | None = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        if not any(c is not None and c.strip() for c in cells):
            continue
        if head is not None:
            head.append((number, cells))
            if len(head) < HEADER_SEARCH_ROWS:
                continue
            yield from head[find_header_row([c for _, c in head]):]
            head = None
            continue
        yield number, cells
    if head:
        yield from head[find_header_row([c for _, c in head]):]


def read_xlsx(path: Path, out: Path, *, sheet: str | None, progress: Progress | None, batch: int) -> RawTable:
    book = open_workbook(path)
    try:
        ws = pick_sheet(book, sheet, path.name)
        return build_table(sheet_records(ws), out=out, fmt="xlsx", progress=progress, total=0, name=path.name,
                           batch=batch)
    finally:
        book.close()


def read_parquet(path: Path, out: Path, *, batch: int) -> RawTable:
    """The file ``batch`` rows at a time (pyarrow iter_batches), every column as text."""
    import pyarrow.parquet as pq

    from .readers import RawWriter, unique_headers

    try:
        parquet = pq.ParquetFile(path)
        headers = [str(n) for n in parquet.schema_arrow.names]
        writer = RawWriter(out, unique_headers(headers))
        first = 2  # row 1 is the header, as in a sheet
        for piece in parquet.iter_batches(batch_size=batch):
            n = piece.num_rows
            writer.write(parquet_text(pa.Table.from_batches([piece]), path.name),
                         pa.array(range(first, first + n), type=pa.int64()), pa.nulls(n, type=pa.string()))
            first += n
    except (pa.ArrowException, OSError) as exc:
        raise file_error("file.unreadable", name=path.name, fmt="Parquet", detail=exc) from None
    return writer.result("parquet")


def parquet_text(table: pa.Table, name: str) -> list[pa.Array]:
    """Every column of a Parquet table as text (dates yyyy-mm-dd, numbers as number_text)."""
    import pyarrow.compute as pc

    arrays = []
    for column_name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            arrays.append(column.cast(pa.string()))
        elif pa.types.is_timestamp(kind):
            arrays.append(pc.strftime(column, format="%Y-%m-%d"))
        elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
            arrays.append(pa.array([None if v is None else _parquet_number(v) for v in column.to_pylist()],
                                   type=pa.string()))
        else:
            try:
                arrays.append(column.cast(pa.string()))
            except pa.ArrowException as exc:
                raise file_error("file.unreadable", name=name, fmt="Parquet",
                                 detail=f"kolom {column_name}: {exc}") from None
    return arrays


def _parquet_number(value: int | float) -> str:
    """Parquet integers are exact, except a 16+ digit one ending in 0, which cannot be told from
    a spreadsheet number that lost its last digit (the nik module's rule)."""
    if isinstance(value, int):
        text = str(value)
        return number_text(value) if len(text.lstrip("-")) >= 16 and text.endswith("0") else text
    return number_text(value)
