"""CSV: encoding and separator detection, and two streaming readers giving the same table — Arrow
for the common clean shape, the csv module line by line for everything else (see readers.py).

Neither holds the file: the encoding is decided by one pass over the bytes (``scan``, the rules of
``decode`` applied to the whole file), the separator and header from the head, and the rows are
read and written ``batch`` at a time.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from .columns import find_header_row
from .readers import Progress, RawTable, RawWriter, build_table, unique_headers
from .reasons import file_error

SCAN_BYTES = 8 << 20  # bytes per read of the encoding scan
HEAD_BYTES = 1 << 20  # the head the separator and the header row are found in
BLOCK_BYTES = 4 << 20  # Arrow's CSV block


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
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass(frozen=True)
class Scan:
    encoding: str
    lines: int  # newline bytes + 1 (for progress)
    blank: bool  # nothing but ASCII whitespace


def _chunks(path: Path, size: int = SCAN_BYTES) -> Iterable[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def scan(path: Path) -> Scan:
    """The encoding ``decode`` would choose for the whole file, read SCAN_BYTES at a time."""
    name = path.name
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        blank = all(not chunk.strip() for chunk in _chunks(path))
        if blank:
            return Scan("", 0, True)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        lines = _decodes(path, "utf-16")
        if lines is None:
            raise file_error("file.encoding", name=name)
        return Scan("utf-16", lines, False)
    if b"\x00" in head:
        raise file_error("file.encoding", name=name)  # binary, not text
    lines = _decodes(path, "utf-8-sig")
    if lines is not None:
        return Scan("utf-8-sig", lines, False)
    previous = b""
    for chunk in _chunks(path):  # the two-byte sequence may straddle two reads
        if _UTF8_SEQUENCE.search(previous[-1:] + chunk) or _CP1252_UNDEFINED.search(chunk):
            raise file_error("file.encoding", name=name)
        previous = chunk
    return Scan("cp1252", sum(chunk.count(b"\n") for chunk in _chunks(path)) + 1, False)


def _decodes(path: Path, encoding: str) -> int | None:
    """Newlines + 1 when the whole file decodes in ``encoding``, else None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    try:
        for chunk in _chunks(path):
            lines += chunk.count(b"\n")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return lines


def head_text(path: Path, encoding: str) -> str:
    """The first HEAD_BYTES of the file as text, cut after the last whole line when the file goes on."""
    with path.open("rb") as fh:
        data = fh.read(HEAD_BYTES + 1)
    truncated = len(data) > HEAD_BYTES
    text = codecs.getincrementaldecoder(encoding)().decode(data[:HEAD_BYTES], final=not truncated)
    if truncated and "\n" in text:
        text = text[:text.rfind("\n") + 1]
    return text


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


def read_csv(path: Path, out: Path, progress: Progress | None, *, batch: int) -> RawTable:
    found = scan(path)
    if found.blank:
        raise file_error("file.empty", name=path.name)
    text = head_text(path, found.encoding)
    delimiter, skip = sniff_head(text)
    lines = (lambda step, done, _total: progress(step, min(done, found.lines), found.lines)) if progress else None
    fast = fast_csv(path, text, found.encoding, delimiter, skip, out, batch, lines)
    if fast is not None:
        return fast
    with path.open("r", encoding=found.encoding, newline="") as lines:
        try:
            raw = build_table(_records(lines, delimiter, skip), out=out, fmt="csv", progress=progress,
                              total=found.lines, name=path.name, delimiter=delimiter, batch=batch)
        except csv.Error as exc:
            raise file_error("file.unreadable", name=path.name, fmt="CSV", detail=exc) from None
        except UnicodeDecodeError:  # scan read it all; only a file changed meanwhile gets here
            raise file_error("file.encoding", name=path.name) from None
    raw.encoding = found.encoding
    return raw


def sniff_head(text: str) -> tuple[str, int]:
    """(separator, non-blank lines above the header) from the first non-blank lines of the text
    (title lines above the header are skipped, not rows)."""
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:10]
    delimiter = sniff_delimiter(lines)
    head = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    return delimiter, find_header_row(head)


def csv_records(text: str, delimiter: str, skip: int) -> Iterable[tuple[int, list[str]]]:
    """(physical line where the record starts, cells) of a text: see ``_records``."""
    return _records(io.StringIO(text, newline=""), delimiter, skip)


def _records(lines: Iterable[str], delimiter: str, skip: int) -> Iterable[tuple[int, list[str]]]:
    """(physical line where the record starts, cells): the header first, blank lines left out,
    the ``skip`` non-blank records above the header dropped. ``lines``: text split keeping line
    ends (a file opened with newline='')."""
    reader = csv.reader(lines, delimiter=delimiter)
    seen, previous = 0, 0
    for cells in reader:
        start, previous = previous + 1, reader.line_num
        if not "".join(cells).strip():  # no cell with anything but spaces
            continue
        seen += 1
        if seen > skip:
            yield start, cells


class _LineCounter(io.RawIOBase):
    """A byte stream that counts its lines up to the last non-blank byte (trailing blank lines and
    spaces are not lines, as in the line-by-line reader)."""

    def __init__(self, fh):
        self.fh, self.newlines, self.lines = fh, 0, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.fh.read(len(buffer))
        buffer[:len(data)] = data
        content = data.rstrip()
        if content:
            self.lines = self.newlines + content.count(b"\n") + 1
        self.newlines += data.count(b"\n")
        return len(data)


def _header_line(text: str, delimiter: str, skip: int) -> tuple[int, int, list[str]] | None:
    """(physical line of the header, offset in ``text`` just after it, header cells)."""
    offset, line_no, seen = 0, 0, 0
    while True:
        end = text.find("\n", offset)
        if end == -1:
            return None
        line_no += 1
        cells = next(csv.reader([text[offset:end]], delimiter=delimiter), [])
        if any(c.strip() for c in cells):
            seen += 1
            if seen > skip:
                return line_no, end + 1, cells
        offset = end + 1


def fast_csv(path: Path, text: str, encoding: str, delimiter: str, skip: int, out: Path, batch: int,
             progress: Progress | None) -> RawTable | None:
    """The same table as the line-by-line reader, parsed by Arrow in blocks, for the common clean
    shape: one record per line, every line with the header's cell count, no blank line after the
    header. None when the file is not of that shape (found at the first bad line, or at the end when
    the rows are fewer than the lines): the caller then reads it line by line."""
    import pyarrow.csv as pacsv

    found = _header_line(text, delimiter, skip) if encoding != "utf-16" else None
    if found is None:
        return None
    line_no, offset, cells = found
    bom = 3 if encoding == "utf-8-sig" and _has_bom(path) else 0
    start = bom + len(text[:offset].encode("utf-8" if encoding == "utf-8-sig" else encoding))
    names = [f"c{i}" for i in range(len(cells))]
    writer = RawWriter(out, unique_headers(cells))
    parsed = 0
    try:
        with path.open("rb") as fh:
            fh.seek(start)
            counter = _LineCounter(fh)
            reader = pacsv.open_csv(
                counter,
                read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES,
                                               encoding="utf8" if encoding == "utf-8-sig" else encoding),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=lambda row: "error"),
                convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
            for piece in _batches(reader, batch):
                _write_rows(writer, piece, line_no + 1 + parsed)
                parsed += piece.num_rows
                if progress:
                    progress("read", parsed, parsed)
    except (pa.ArrowException, UnicodeDecodeError):
        writer.close()
        out.unlink(missing_ok=True)
        return None
    if parsed == 0 or parsed != counter.lines:
        writer.close()
        out.unlink(missing_ok=True)
        return None
    return writer.result("csv", encoding=encoding, delimiter=delimiter)


def _has_bom(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def _batches(reader, batch: int) -> Iterable[pa.RecordBatch]:
    for block in reader:
        for start in range(0, block.num_rows, batch):
            yield block.slice(start, batch)


def _write_rows(writer: RawWriter, piece: pa.RecordBatch, first_line: int) -> None:
    """Rows of one block, numbered from ``first_line``; rows whose cells are all blank left out."""
    import pyarrow.compute as pc

    n = piece.num_rows
    rows = pa.array(range(first_line, first_line + n), type=pa.int64())
    blank = None
    for column in piece.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    keep = pc.invert(blank)
    writer.write([c.filter(keep) for c in piece.columns], rows.filter(keep),
                 pa.nulls(n, pa.string()).filter(keep))
