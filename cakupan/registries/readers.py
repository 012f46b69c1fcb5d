"""Read an extract (CSV, XLSX, Parquet) into one Arrow table of text, losing nothing.

The result has one string column per file column (``c0``, ``c1``, ...; the original headers are in
``RawTable.headers``), ``__row`` (the row number a user sees: the header is row 1 in a spreadsheet;
physical line in a CSV) and ``__overflow`` (text of surplus cells when a row has more cells than the
header, else null). Fully blank lines are not rows. Values stay text: no type guessing, so a NIK or a
KPJ is never turned into a number. See docs/input-formats.md.
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa

from .columns import find_header_row
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
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
        raw = _read_csv(path, progress)
    elif fmt == "xlsx":
        from .readers_xlsx import read_xlsx

        raw = read_xlsx(path, sheet=sheet, progress=progress)
    else:
        from .readers_xlsx import read_parquet

        raw = read_parquet(path)
    if raw.table.num_rows == 0:
        raise file_error("file.empty", name=path.name)
    return raw


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise file_error("file.encoding", name=name) from None
    if b"\x00" in data[:65536]:
        raise file_error("file.encoding", name=name)  # binary, not text
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise file_error("file.encoding", name=name)


def sniff_delimiter(lines: list[str]) -> str:
    """The separator: the most frequent of ; , tab | outside quotes over the first lines (a title
    line above the header has none, the header and the data have many)."""
    counts = {d: 0 for d in (";", ",", "\t", "|")}
    for line in lines:
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(path: Path, progress: Progress | None) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise file_error("file.empty", name=path.name)
    text, encoding = decode(data, path.name)
    del data
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:10]
    delimiter = sniff_delimiter(lines)
    head = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    skip = find_header_row(head)  # title lines above the header are skipped, not rows
    fast = _fast_csv(text, delimiter, skip)
    if fast is not None:
        if progress:
            progress("read", fast.table.num_rows, fast.table.num_rows)
        return RawTable(fast.headers, fast.table, "csv", encoding=encoding, delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = text.count("\n") + 1

    def records() -> Iterable[tuple[int, list[str]]]:
        seen, previous = 0, 0
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not cells or not any(c.strip() for c in cells):
                continue
            seen += 1
            if seen > skip:
                yield start, cells

    try:
        raw = build_table(records(), fmt="csv", progress=progress, total=total, name=path.name,
                          delimiter=delimiter)
    except csv.Error as exc:
        raise file_error("file.unreadable", name=path.name, fmt="CSV", detail=exc) from None
    return RawTable(raw.headers, raw.table, "csv", encoding=encoding, delimiter=delimiter)


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def _fast_csv(text: str, delimiter: str, skip: int) -> RawTable | None:
    """The same table as the line-by-line reader, parsed by Arrow, for the common clean shape:
    one record per line, every line with the header's cell count, no blank line after the header.
    None when the file is not of that shape (the caller then reads it line by line)."""
    import pyarrow.csv as pacsv

    offset, line_no, seen = 0, 0, 0
    while True:  # find the header line (physical number) and where the body starts
        end = text.find("\n", offset)
        line = text[offset:] if end == -1 else text[offset:end]
        line_no += 1
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if any(c.strip() for c in cells):
            seen += 1
            if seen > skip:
                break
        if end == -1:
            return None
        offset = end + 1
    body = text[end + 1:].rstrip() if end != -1 else ""
    if not body or _BLANK_LINE.search("\n" + body):
        return None
    width = len(cells)
    names = [f"c{i}" for i in range(width)]
    invalid: list[object] = []

    def on_invalid(row) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.py_buffer(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowException:
        return None
    if invalid or table.num_rows != body.count("\n") + 1:
        return None
    import pyarrow.compute as pc

    rows = pa.array(range(line_no + 1, line_no + 1 + table.num_rows), type=pa.int64())
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    table = table.append_column("__row", rows).append_column("__overflow", pa.nulls(table.num_rows, pa.string()))
    if blank is not None:
        table = table.filter(pc.invert(blank))
    return RawTable(unique_headers(cells), table.combine_chunks(), "csv")


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
            progress("read", min(last_row, total), total)

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
