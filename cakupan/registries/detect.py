"""What an upload looks like, before importing it: format, encoding, separator, header row, which
column is which, and the first rows — read from the head of the file only (a file can be
150 MB / 1 M rows). Headers are named and matched exactly as the import names and matches them,
so a column the officer picks here is one ``snapshot_import(columns=...)`` finds.

    found = extract_detect(path=Path("penduduk.csv"), kind="population")
    found.missing        # ["kode_wilayah"]: let the officer choose among found.headers

File-level problems raise the import's UserError codes; a file with no NIK header does not: its
Detection says ``missing == ["nik"]``.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .columns import CANONICAL, COLUMN_LABELS, KINDS, is_quarantine_export, map_headers, required_columns
from .readers import file_format, unique_headers
from .reasons import OVERFLOW_HEADER, file_error

HEAD_BYTES = 256 * 1024


@dataclass(frozen=True)
class Detection:
    fmt: str  # csv | xlsx | parquet
    headers: list[str]
    header_row: int  # the line (CSV) or sheet row (XLSX) of the header, as the user sees it
    mapping: dict[str, str]  # canonical name -> header text
    unknown: list[str]
    required: list[str]
    missing: list[str]
    preview: list[list[str]]  # first rows, aligned to headers
    canonical: list[str]  # the kind's canonical columns, in order
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)
    quarantine_export: bool = False  # has BARIS_ASAL: a fix for snapshot_merge, not an import
    export_of: int | None = None  # the snapshot an XLSX export came from, when it says

    def label(self, canonical: str) -> str:
        """The Indonesian label of a canonical column (``kode_wilayah`` -> Kode wilayah (kalurahan))."""
        return column_label(canonical)

    @property
    def labels(self) -> dict[str, str]:
        return {c: column_label(c) for c in self.canonical}


def column_label(canonical: str) -> str:
    return COLUMN_LABELS.get(canonical, canonical)


def extract_detect(*, path: Path, kind: str, roster_kind: str = "", sheet: str | None = None,
                   preview_rows: int = 10) -> Detection:
    """Detect the shape of an extract from its head (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    if roster_kind:
        from cakupan.core.vocab import ROSTER_KINDS

        if roster_kind not in ROSTER_KINDS:
            raise file_error("import.roster_kind", roster_kind=roster_kind, kinds=", ".join(ROSTER_KINDS.codes))
    path = Path(path)
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    fmt = file_format(path)
    reader = {"csv": _csv_head, "xlsx": _xlsx_head, "parquet": _parquet_head}[fmt]
    head = reader(path, sheet, max(preview_rows, 0))
    headers, rows = head["headers"], head["rows"]
    if OVERFLOW_HEADER in headers:  # the import reads KOLOM_LEBIH as surplus cells, not a column
        drop = headers.index(OVERFLOW_HEADER)
        headers = headers[:drop] + headers[drop + 1:]
        rows = [r[:drop] + r[drop + 1:] for r in rows]
    hm = map_headers(headers, kind)
    required = list(required_columns(kind))
    export = is_quarantine_export(headers)
    origin = None
    if export:
        from .quarantine import export_origin

        origin = export_origin(path)
    return Detection(
        fmt=fmt, headers=headers, header_row=head["header_row"],
        mapping={c: headers[i] for c, i in hm.columns.items()}, unknown=[headers[i] for i in hm.unknown],
        required=required, missing=[c for c in required if c not in hm.columns], preview=rows,
        canonical=list(CANONICAL[kind]), encoding=head.get("encoding", ""), delimiter=head.get("delimiter", ""),
        sheets=head.get("sheets", []), quarantine_export=export, export_of=origin,
    )


def _aligned(cells: list, width: int) -> list[str]:
    texts = ["" if c is None else str(c) for c in cells[:width]]
    return texts + [""] * (width - len(texts))


def _csv_head(path: Path, sheet: str | None, preview_rows: int) -> dict:
    from .readers_csv import csv_records, sniff_head

    with path.open("rb") as fh:
        data = fh.read(HEAD_BYTES + 1)
    truncated = len(data) > HEAD_BYTES
    data = data[:HEAD_BYTES]
    if not data.strip():
        raise file_error("file.empty", name=path.name)
    text, encoding = decode_head(data, path.name, truncated=truncated)
    delimiter, skip = sniff_head(text)
    records = list(islice(csv_records(text, delimiter, skip), max(preview_rows, 1) + 1))
    if not records or (len(records) < 2 and not truncated):
        raise file_error("file.empty", name=path.name)
    (header_row, cells), rows = records[0], [cells for _, cells in records[1:preview_rows + 1]]
    headers = unique_headers(cells)
    return {"headers": headers, "rows": [_aligned(r, len(headers)) for r in rows], "header_row": header_row,
            "encoding": encoding, "delimiter": delimiter}


def decode_head(data: bytes, name: str, *, truncated: bool) -> tuple[str, str]:
    """The import's decoding (readers_csv.decode) of the first bytes of a file; when the file goes
    on, the last, possibly cut, line is left out (and with it a character cut in half)."""
    from .readers_csv import decode

    if not truncated:
        return decode(data, name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(data, final=False)
        except UnicodeDecodeError:
            raise file_error("file.encoding", name=name) from None
        cut = max(text.rfind("\n"), 0)
        return text[:cut + 1] if cut else text, "utf-16"
    cut = data.rfind(b"\n")
    # a newline byte is never inside a UTF-8 sequence: the head up to it decodes as the file does
    return decode(data[:cut + 1] if cut > 0 else data.rstrip(bytes(range(0x80, 0x100))), name)


def _xlsx_head(path: Path, sheet: str | None, preview_rows: int) -> dict:
    from .readers_xlsx import open_workbook, pick_sheet, sheet_records

    book = open_workbook(path)
    try:
        sheets = list(book.sheetnames)
        ws = pick_sheet(book, sheet, path.name)
        records = list(islice(sheet_records(ws), max(preview_rows, 1) + 1))
    finally:
        book.close()
    if len(records) < 2:
        raise file_error("file.empty", name=path.name)
    (header_row, cells), rows = records[0], [cells for _, cells in records[1:preview_rows + 1]]
    headers = unique_headers(cells)
    return {"headers": headers, "rows": [_aligned(r, len(headers)) for r in rows], "header_row": header_row,
            "sheets": sheets}


def _parquet_head(path: Path, sheet: str | None, preview_rows: int) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .readers_xlsx import parquet_text

    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
        if parquet.metadata.num_rows == 0:
            raise file_error("file.empty", name=path.name)
        batch = next(parquet.iter_batches(batch_size=max(preview_rows, 1)), None)
    except (pa.ArrowException, OSError) as exc:
        raise file_error("file.unreadable", name=path.name, fmt="Parquet", detail=exc) from None
    table = pa.Table.from_batches([batch], schema=schema).slice(0, preview_rows) if batch is not None \
        else schema.empty_table()
    columns = [a.to_pylist() for a in parquet_text(table, path.name)]
    rows = [_aligned([col[i] for col in columns], len(columns)) for i in range(table.num_rows)]
    return {"headers": unique_headers([str(n) for n in schema.names]), "rows": rows, "header_row": 1}
