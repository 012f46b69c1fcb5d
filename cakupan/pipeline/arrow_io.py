"""Inputs read with pyarrow: the general path of `Engine.load_parquet` / `Engine.load_csv` (any
engine that takes Arrow); DuckDBEngine and SparkEngine read the same files into the same tables
with their own readers (on Spark: the executors, not the driver).

    parquet_table([(path, {"roster_kind": "opd"})], ROSTER_SCHEMA)   # typed, missing columns filled
    csv_table(path, {"code": "int", "name": "text", "excluded": "flag"})
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TRUE_TEXT = ("1", "true", "t", "yes", "ya", "y")  # a reference CSV's yes, in lower case
# CSV column kinds: "int" INTEGER; "str" text as read (a column the file must have); "text" text,
# '' when empty or when the file lacks the column; "flag" TRUE_TEXT (any case), else false
CSV_KINDS = ("int", "str", "text", "flag")


def parquet_table(files: list[tuple[Path, dict[str, str]]], schema: pa.Schema) -> pa.Table:
    """The Parquet `files` unioned with exactly `schema`'s columns and types; a column a file lacks
    is NULL, or the text its dict gives; no files, an empty table."""
    parts = []
    for path, fill in files:
        tbl = pq.read_table(path)
        cols = {}
        for fld in schema:
            if fld.name in tbl.column_names:
                cols[fld.name] = tbl[fld.name].cast(fld.type)
            elif fld.name in fill:
                cols[fld.name] = pa.array([fill[fld.name]] * tbl.num_rows, fld.type)
            else:
                cols[fld.name] = pa.nulls(tbl.num_rows, fld.type)
        parts.append(pa.table(cols, schema=schema))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def csv_table(path: Path | str, columns: dict[str, str]) -> pa.Table:
    """A reference CSV with `columns` (column -> kind, CSV_KINDS), typed."""
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    types = {c: pa.int32() if k == "int" else pa.string() for c, k in columns.items()}
    tbl = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False))
    n, out = tbl.num_rows, {}
    for c, spec in columns.items():
        if spec in ("int", "str"):
            out[c] = tbl[c].combine_chunks()
        elif spec == "text":
            out[c] = tbl[c].combine_chunks() if c in tbl.column_names else pa.array([""] * n, pa.string())
        else:  # flag
            text = tbl[c].combine_chunks() if c in tbl.column_names else pa.array(["false"] * n, pa.string())
            out[c] = pc.is_in(pc.utf8_lower(text), value_set=pa.array(TRUE_TEXT))
    return pa.table(out)
