"""Writers for the synthetic region: chunked CSV (Dukcapil / BPJS TK style) and Parquet, plus the
manifest with a sha256 per file. Layout and formats: docs/contracts.md "Synthetic region"."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

BOM = b"\xef\xbb\xbf"


def _date_text(col: pa.Array, fmt: str) -> pa.Array:
    return pc.strftime(pc.cast(col, pa.timestamp("s")), format=fmt)


class TableSink:
    """Appends chunks of one table to CSV and/or Parquet with the same columns."""

    def __init__(
        self,
        path_stem: Path,
        *,
        fmt: str,
        delimiter: str = ",",
        bom: bool = False,
        date_format: str = "%Y-%m-%d",
        quoting: str = "needed",
    ):
        """quoting "none" (as Dukcapil exports) only where no value can hold the delimiter."""
        self.stem, self.fmt, self.delimiter, self.bom, self.date_format = (
            path_stem,
            fmt,
            delimiter,
            bom,
            date_format,
        )
        self.quoting = quoting
        self._csv = self._pq = self._fh = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if not table.num_rows and self.rows:
            return
        self.rows += table.num_rows
        if self.fmt in ("csv", "both"):
            text = pa.table(
                {
                    name: (_date_text(col, self.date_format) if pa.types.is_date(col.type) else col)
                    for name, col in zip(table.column_names, table.columns)
                }
            )
            if self._csv is None:
                self.stem.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.stem.with_suffix(".csv"), "wb")  # noqa: SIM115 (closed in close())
                if self.bom:
                    self._fh.write(BOM)
                bare = self.quoting == "none"
                if bare:
                    self._fh.write((self.delimiter.join(text.column_names) + "\n").encode())
                self._csv = pacsv.CSVWriter(
                    self._fh,
                    text.schema,
                    write_options=pacsv.WriteOptions(
                        delimiter=self.delimiter,
                        quoting_style=self.quoting,
                        include_header=not bare,
                    ),
                )
            self._csv.write_table(text)
        if self.fmt in ("parquet", "both"):
            if self._pq is None:
                self.stem.parent.mkdir(parents=True, exist_ok=True)
                self._pq = pq.ParquetWriter(
                    self.stem.with_suffix(".parquet"), table.schema, compression="zstd"
                )
            self._pq.write_table(table)

    def close(self) -> None:
        if self._csv is not None:
            self._csv.close()
            self._fh.close()
        if self._pq is not None:
            self._pq.close()


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Small files (truth, history): plain CSV with a header."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    if path.suffix == ".json":
        return 1
    with path.open("rb") as fh:
        return max(0, sum(1 for _ in fh) - 1)


def manifest_write(out: Path, meta: dict) -> dict:
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "MANIFEST.json":
            rel = p.relative_to(out).as_posix()
            files[rel] = {"sha256": sha256(p), "rows": count_rows(p), "bytes": p.stat().st_size}
    manifest = {**meta, "files": files}
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest
