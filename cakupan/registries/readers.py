"""Read an extract (CSV, XLSX, Parquet) into one Arrow table of text, losing nothing.

The result has one string column per file column (``c0``, ``c1``, ...; the original headers are in
``RawTable.headers``), ``__row`` (the row number a user sees: the header is row 1 in a spreadsheet;
physical line in a CSV) and ``__overflow`` (text of surplus cells when a row has more cells than the
header, else null). Fully blank lines are not rows. Values stay text: no type guessing, so a NIK or a
KPJ is never turned into a number. See docs/input-formats.md.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa

from .reasons import file_error

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (step, done, total)
CHUNK = 50_000
SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class RawTable:
    headers: list[str]
    table: pa.Table
    fmt: str
    encoding: str = ""
    delimiter: str = ""


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise file_error("file.unsupported", ext=path.suffix or "(tanpa akhiran)")
    return fmt


def read_table(path: Path, *, sheet: str | None = None, progress: Progress | None = None) -> RawTable:
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    fmt = file_format(path)
    if fmt == "csv":
        from .readers_csv import read_csv

        raw = read_csv(path, progress)
    elif fmt == "xlsx":
        from .readers_xlsx import read_xlsx

        raw = read_xlsx(path, sheet=sheet, progress=progress)
    else:
        from .readers_xlsx import read_parquet

        raw = read_parquet(path)
    if raw.table.num_rows == 0:
        raise file_error("file.empty", name=path.name)
    return absorb_overflow_column(raw)


def absorb_overflow_column(raw: RawTable) -> RawTable:
    """A re-imported quarantine export carries surplus cells in a KOLOM_LEBIH column: they are
    surplus cells again (the row stays quarantined until the user empties that column)."""
    import pyarrow.compute as pc

    from .reasons import OVERFLOW_HEADER

    if OVERFLOW_HEADER not in raw.headers:
        return raw
    index = raw.headers.index(OVERFLOW_HEADER)
    extra = raw.table.column(f"c{index}")
    filled = pc.and_(pc.is_valid(extra), pc.not_equal(pc.utf8_trim_whitespace(extra), ""))
    overflow = pc.if_else(pc.is_valid(raw.table.column("__overflow")), raw.table.column("__overflow"),
                          pc.if_else(filled, extra, pa.scalar(None, pa.string())))
    headers = [h for i, h in enumerate(raw.headers) if i != index]
    columns = [raw.table.column(f"c{i}") for i in range(len(raw.headers)) if i != index]
    table = pa.table(columns + [raw.table.column("__row"), overflow], names=_names(len(headers)))
    return RawTable(headers, table, raw.fmt, encoding=raw.encoding, delimiter=raw.delimiter)


def unique_headers(cells: list[object]) -> list[str]:
    """Header texts, blank ones named KOLOM_<n>, repeats suffixed ' (2)', ' (3)'."""
    out: list[str] = []
    for index, cell in enumerate(cells):
        name = str(cell).strip() if cell is not None else ""
        name = name.lstrip("\ufeff") or f"KOLOM_{index + 1}"
        base, n = name, 1
        while name in out:
            n += 1
            name = f"{base} ({n})"
        out.append(name)
    return out


def build_table(records: Iterable[tuple[int, list]], *, fmt: str, progress: Progress | None,
                total: int, name: str, delimiter: str = ";") -> RawTable:
    """Header = first record; then rows in chunks of CHUNK into Arrow string columns."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise file_error("file.empty", name=name)
    headers = unique_headers(first[1])
    width = len(headers)
    chunks: list[pa.RecordBatch] = []
    buffer: list[list] = []
    rows: list[int] = []
    overflow: list[str | None] = []

    def flush() -> None:
        columns = list(zip(*buffer)) if buffer else [()] * width
        arrays = [pa.array(col, type=pa.string()) for col in columns]
        arrays += [pa.array(rows, type=pa.int64()), pa.array(overflow, type=pa.string())]
        chunks.append(pa.RecordBatch.from_arrays(arrays, names=_names(width)))
        buffer.clear(), rows.clear(), overflow.clear()
        if progress:
            progress("read", min(last_row, total) if total else last_row, total)

    last_row = 0
    for last_row, cells in iterator:
        extra = None
        if len(cells) > width:
            surplus = [c for c in cells[width:] if c is not None and str(c).strip()]
            extra = delimiter.join(str(c) for c in cells[width:]) if surplus else None
            cells = cells[:width]
        elif len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        buffer.append(cells)
        rows.append(last_row)
        overflow.append(extra)
        if len(buffer) >= CHUNK:
            flush()
    flush()
    return RawTable(headers, pa.Table.from_batches(chunks), fmt)


def _names(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)] + ["__row", "__overflow"]
