"""CSV: encoding and separator detection, and two readers giving the same table — Arrow for the
common clean shape, the csv module line by line for everything else (see readers.py)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from .columns import find_header_row
from .readers import Progress, RawTable, build_table, unique_headers
from .reasons import file_error


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise file_error("file.encoding", name=name) from None
    if b"\x00" in data[:65536]:
        raise file_error("file.encoding", name=name)  # binary, not text
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        # mostly UTF-8 with a few stray bytes (e.g. two exports pasted together): reading it as
        # Windows-1252 would silently turn every é into Ã©, so refuse it instead
        raise file_error("file.encoding", name=name)
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise file_error("file.encoding", name=name) from None


# a UTF-8 two-byte sequence for Latin letters (é = C3 A9); in real Windows-1252 text this is "Ã©"
_UTF8_SEQUENCE = re.compile(rb"[\xc3\xc5][\x80-\xbf]")


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


def read_csv(path: Path, progress: Progress | None) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise file_error("file.empty", name=path.name)
    text, encoding = decode(data, path.name)
    del data
    delimiter, skip = sniff_head(text)
    fast = fast_csv(text, delimiter, skip)
    if fast is not None:
        if progress:
            progress("read", fast.table.num_rows, fast.table.num_rows)
        return RawTable(fast.headers, fast.table, "csv", encoding=encoding, delimiter=delimiter)
    total = text.count("\n") + 1
    try:
        raw = build_table(csv_records(text, delimiter, skip), fmt="csv", progress=progress, total=total, name=path.name,
                          delimiter=delimiter)
    except csv.Error as exc:
        raise file_error("file.unreadable", name=path.name, fmt="CSV", detail=exc) from None
    return RawTable(raw.headers, raw.table, "csv", encoding=encoding, delimiter=delimiter)


def sniff_head(text: str) -> tuple[str, int]:
    """(separator, non-blank lines above the header) from the first non-blank lines of the text
    (title lines above the header are skipped, not rows)."""
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:10]
    delimiter = sniff_delimiter(lines)
    head = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    return delimiter, find_header_row(head)


def csv_records(text: str, delimiter: str, skip: int) -> Iterable[tuple[int, list[str]]]:
    """(physical line where the record starts, cells): the header first, blank lines left out,
    the ``skip`` non-blank records above the header dropped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    seen, previous = 0, 0
    for cells in reader:
        start, previous = previous + 1, reader.line_num
        if not cells or not any(c.strip() for c in cells):
            continue
        seen += 1
        if seen > skip:
            yield start, cells


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def fast_csv(text: str, delimiter: str, skip: int) -> RawTable | None:
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
