"""Read an extract (CSV, XLSX, Parquet) into a Parquet file of text, in bounded batches, losing nothing.

The result (``RawTable``) is a Parquet file in a scratch directory with one string column per file
column (``c0``, ``c1``, ...; the original headers are in ``RawTable.headers``), ``__row`` (the row
number a user sees: the header is row 1 in a spreadsheet; physical line in a CSV) and ``__overflow``
(text of surplus cells when a row has more cells than the header, else null). Fully blank lines are
not rows. Values stay text: no type guessing, so a NIK or a KPJ is never turned into a number. The
file is written batch by batch (``BATCH`` rows at most in memory), so the size of the extract does
not bound what can be imported. See docs/input-formats.md "Streaming".
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .reasons import OVERFLOW_HEADER, file_error

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (step, done, total)
BATCH = 50_000  # rows per batch read, validated and written (a parameter of read_table)
SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".parquet": "parquet", ".pq": "parquet"}
SCRATCH_SUFFIX = ".work"


@dataclass
class RawTable:
    """The rows read, as a Parquet file (``path``) in ``scratch`` (removed by ``close``)."""

    headers: list[str]
    path: Path
    rows: int
    fmt: str
    encoding: str = ""
    delimiter: str = ""
    scratch: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def table(self) -> pa.Table:
        """The whole table in memory: for small files and tests only."""
        return pq.read_table(self.path)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def close(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise file_error("file.unsupported", ext=path.suffix or "(tanpa akhiran)")
    return fmt


def scratch_dir(workdir: Path | None) -> tempfile.TemporaryDirectory:
    """A scratch directory for one import: under ``workdir`` (the snapshot folder, so it is on the
    same disk as the result; scratch left by a killed import over a day ago is removed first), or
    the system's temporary directory."""
    if workdir is None:
        return tempfile.TemporaryDirectory(prefix="cakupan-import-")
    cutoff = time.time() - 86400
    for old in workdir.glob(f".tmp-*{SCRATCH_SUFFIX}"):
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    return tempfile.TemporaryDirectory(prefix=".tmp-", suffix=SCRATCH_SUFFIX, dir=workdir)


def read_table(path: Path, *, sheet: str | None = None, progress: Progress | None = None,
               workdir: Path | None = None, batch: int | None = None) -> RawTable:
    """The file's rows as a Parquet file of text in a scratch directory (see the module docstring),
    ``batch`` (default BATCH) rows at a time; ``close()`` the result when done."""
    batch = batch or BATCH
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    fmt = file_format(path)
    scratch = scratch_dir(workdir)
    try:
        out = Path(scratch.name) / "raw.parquet"
        if fmt == "csv":
            from .readers_csv import read_csv

            raw = read_csv(path, out, progress, batch=batch)
        elif fmt == "xlsx":
            from .readers_xlsx import read_xlsx

            raw = read_xlsx(path, out, sheet=sheet, progress=progress, batch=batch)
        else:
            from .readers_xlsx import read_parquet

            raw = read_parquet(path, out, batch=batch)
        if raw.rows == 0:
            raise file_error("file.empty", name=path.name)
    except BaseException:
        scratch.cleanup()
        raise
    raw.scratch = scratch
    return raw


class RawWriter:
    """Batches of cells -> the raw Parquet file. A re-imported quarantine export carries surplus
    cells in a KOLOM_LEBIH column: they are surplus cells again (the row stays quarantined until the
    user empties that column), so that column is folded into ``__overflow`` here."""

    def __init__(self, out: Path, headers: list[str]):
        self.out, self.rows = out, 0
        self.absorb = headers.index(OVERFLOW_HEADER) if OVERFLOW_HEADER in headers else None
        self.width = len(headers)
        self.headers = [h for i, h in enumerate(headers) if i != self.absorb]
        self.schema = pa.schema([(n, pa.int64() if n == "__row" else pa.string())
                                 for n in _names(len(self.headers))])
        self._writer: pq.ParquetWriter | None = None

    def write(self, columns: list[pa.Array], rows: pa.Array, overflow: pa.Array) -> None:
        """One batch: ``width`` text columns, the row numbers and the surplus cells."""
        if len(rows) == 0:
            return
        columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
        if self.absorb is not None:
            extra = columns.pop(self.absorb)
            filled = pc.and_(pc.is_valid(extra), pc.not_equal(pc.utf8_trim_whitespace(extra), ""))
            overflow = pc.if_else(pc.is_valid(overflow), overflow,
                                  pc.if_else(filled, extra, pa.scalar(None, pa.string())))
        batch = pa.record_batch([*columns, rows, overflow], schema=self.schema)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.out, self.schema, compression="zstd")
        self._writer.write_batch(batch)
        self.rows += len(rows)

    def write_records(self, cells: list[list], rows: list[int], overflow: list[str | None]) -> None:
        columns = list(zip(*cells)) if cells else [()] * self.width
        self.write([pa.array(col, type=pa.string()) for col in columns], pa.array(rows, type=pa.int64()),
                   pa.array(overflow, type=pa.string()))

    def close(self) -> None:
        if self._writer is None:  # no rows: an empty file with the schema
            pq.write_table(self.schema.empty_table(), self.out)
        else:
            self._writer.close()

    def result(self, fmt: str, encoding: str = "", delimiter: str = "") -> RawTable:
        self.close()
        return RawTable(self.headers, self.out, self.rows, fmt, encoding=encoding, delimiter=delimiter)


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


def build_table(records: Iterable[tuple[int, list]], *, out: Path, fmt: str, progress: Progress | None,
                total: int, name: str, delimiter: str = ";", batch: int = BATCH) -> RawTable:
    """Header = first record; then rows, ``batch`` at a time, into the raw Parquet file."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise file_error("file.empty", name=name)
    writer = RawWriter(out, unique_headers(first[1]))
    width = len(first[1])
    buffer: list[list] = []
    rows: list[int] = []
    overflow: list[str | None] = []

    def flush() -> None:
        writer.write_records(buffer, rows, overflow)
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
        if len(buffer) >= batch:
            flush()
    flush()
    return writer.result(fmt, delimiter=delimiter if fmt == "csv" else "")


def _names(width: int) -> list[str]:
    return [f"c{i}" for i in range(width)] + ["__row", "__overflow"]
