"""Shared bulk steps of every import, in DuckDB over the raw Parquet file from readers.py (no Django).

1. ``stage``: canonical columns as trimmed text (view ``s0``: row_number, overflow, one column per
   canonical name, null when blank or absent);
2. ``nik_stage``: ``s`` = ``s0`` with the NIK check (``v_*`` columns): plain 16-digit values in SQL
   (nik_sql.py), the others once per distinct value by :mod:`cakupan.nik_arrow`, in slices;
3. ``mismatch_stage``: NIK vs record birth date / sex warnings (``mism``), in slices;
4. ``quarantine_write`` / ``counts``: the quarantine file and the counts by reason / warning.

The connection (``connect(folder)``) has a memory limit and spills to ``folder``: the tables are
DuckDB's, never Python's, so an extract of any size is validated in bounded memory.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from cakupan.nik import NikResult, nik_check_record
from cakupan.nik_arrow import nik_validate_arrow

from .columns import CANONICAL, HeaderMap
from .nik_sql import PLAIN, RESULT, nik_sql, nik_sql_register, with_others
from .readers import Progress, RawTable
from .reasons import OVERFLOW_HEADER, ROW_REASONS

# trim spaces, tabs, line breaks, no-break spaces and BOMs; the regexp test keeps the common
# case (nothing to trim) as fast as a plain trim
_WS_CHARS = " \t\r\n\u00a0\ufeff"
TRIM = ("CASE WHEN regexp_matches(c{i}, '^[\\s\u00a0\ufeff]|[\\s\u00a0\ufeff]$') "
        "THEN trim(c{i}, '" + _WS_CHARS + "') ELSE c{i} END")
MACROS = (
    r"""CREATE OR REPLACE MACRO parse_date(t) AS CASE
      WHEN regexp_full_match(t, '\d{4}-\d{1,2}-\d{1,2}') THEN CAST(try_strptime(t, '%Y-%m-%d') AS DATE)
      WHEN regexp_full_match(t, '\d{1,2}/\d{1,2}/\d{4}') THEN CAST(try_strptime(t, '%d/%m/%Y') AS DATE)
      WHEN regexp_full_match(t, '\d{1,2}-\d{1,2}-\d{4}') THEN CAST(try_strptime(t, '%d-%m-%Y') AS DATE)
      WHEN regexp_full_match(t, '\d{5}') THEN DATE '1899-12-30' + CAST(t AS INTEGER) END""",
    r"""CREATE OR REPLACE MACRO parse_month(t) AS CASE
      WHEN regexp_full_match(t, '\d{4}-\d{1,2}') THEN CAST(try_strptime(t || '-01', '%Y-%m-%d') AS DATE)
      WHEN regexp_full_match(t, '\d{1,2}[/-]\d{4}') THEN
        CAST(try_strptime('01/' || replace(t, '-', '/'), '%d/%m/%Y') AS DATE)
      WHEN regexp_full_match(t, '\d{6}') THEN CAST(try_strptime(t || '01', '%Y%m%d') AS DATE)
      ELSE CAST(date_trunc('month', parse_date(t)) AS DATE) END""",
    r"""CREATE OR REPLACE MACRO parse_sex(t) AS CASE
      WHEN regexp_replace(upper(t), '[^A-Z0-9]+', '', 'g') IN ('L', 'LK', 'LAKILAKI', 'LAKI', 'PRIA', '1')
        THEN 'L'
      WHEN regexp_replace(upper(t), '[^A-Z0-9]+', '', 'g') IN ('P', 'PR', 'PEREMPUAN', 'WANITA', '2')
        THEN 'P' END""",
    r"""CREATE OR REPLACE MACRO norm_kode(t) AS CASE
      WHEN regexp_full_match(replace(t, ' ', ''), '\d{10}') THEN substr(t, 1, 2) || '.' ||
        substr(t, 3, 2) || '.' || substr(t, 5, 2) || '.' || substr(t, 7, 4)
      ELSE replace(t, ' ', '') END""",
)


@dataclass
class Outcome:
    rows_read: int = 0
    rows_loaded: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def rows_quarantined(self) -> int:
        return sum(self.reasons.values())


# DuckDB's share of an import's memory; beyond it, it spills to the scratch folder. 512MB holds the
# 10x population (9.6 M rows) under 1 GiB in all; a national file may need more (import.memory).
MEMORY_LIMIT = os.environ.get("CAKUPAN_IMPORT_MEMORY") or "512MB"
THREADS = 2
NIK_CHUNK = 200_000  # distinct NIK values checked at a time
MISMATCH_CHUNK = 50_000


def connect(folder: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the macros; with ``folder``, a database file there, bounded
    (MEMORY_LIMIT, THREADS) and spilling to it: its tables are not temporary tables, because only
    the database's own tables can be evicted to disk (temporary ones ran out of memory at 100x)."""
    if folder is None:
        con = duckdb.connect()
    else:
        con = duckdb.connect(str(folder / "work.duckdb"), config={"memory_limit": MEMORY_LIMIT, "threads": THREADS,
                                     "temp_directory": str(folder / "duckdb.tmp"),
                                     "preserve_insertion_order": False})
    for macro in MACROS:
        con.execute(macro)
    return con


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def raw_view(con: duckdb.DuckDBPyConnection, raw: RawTable, name: str = "raw") -> None:
    """``raw``: the rows read (a view over the raw Parquet file)."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet({sql_text(str(raw.path))})")


def stage(con: duckdb.DuckDBPyConnection, raw: RawTable, hm: HeaderMap, kind: str) -> None:
    """``s0``: a view of the canonical columns (materialised as ``s`` by nik_stage)."""
    raw_view(con, raw)
    parts = []
    for name in CANONICAL[kind]:
        index = hm.columns.get(name)
        parts.append(f"nullif({TRIM.format(i=index)}, '') AS {name}" if index is not None
                     else f"CAST(NULL AS VARCHAR) AS {name}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW s0 AS SELECT __row AS row_number, __overflow AS overflow, "
                f"{', '.join(parts)} FROM raw")


def nik_stage(con: duckdb.DuckDBPyConnection, progress: Progress | None, chunk: int | None = None) -> None:
    """``s``: the staged rows with the NIK check as ``v_nik, v_ok, v_error, v_birth_date, v_sex,
    v_warnings``. Plain 16-digit values are checked row by row in SQL (nik_sql); the others once
    per distinct value, ``chunk`` (default NIK_CHUNK) at a time, by nik_validate_arrow (``nikv``)."""
    chunk = chunk or NIK_CHUNK
    today = date.today()
    nik_sql_register(con)
    con.execute(f"""CREATE OR REPLACE TABLE dn AS SELECT nik AS raw, row_number() OVER () AS id
        FROM (SELECT DISTINCT nik FROM s0 WHERE nik IS NOT NULL AND NOT {PLAIN.format(t="nik")})""")
    con.execute("""CREATE OR REPLACE TABLE nikv (nik VARCHAR, ok BOOLEAN, error VARCHAR, birth_date DATE,
        sex VARCHAR, warnings VARCHAR, raw VARCHAR)""")
    total = con.execute("SELECT count(*) FROM dn").fetchall()[0][0]
    for start in range(0, total, chunk):
        piece = con.sql(f"SELECT raw FROM dn WHERE id > {int(start)} AND id <= {int(start + chunk)}") \
            .to_arrow_table().column(0)
        result = nik_validate_arrow(piece, today=today)
        con.register("nik_part", result.select(list(RESULT)).append_column("raw", piece))
        con.execute("INSERT INTO nikv SELECT * FROM nik_part")
        con.unregister("nik_part")
        if progress:
            progress("nik", min(start + chunk, total), total)
    con.execute(f"CREATE OR REPLACE TABLE s AS {nik_sql(with_others('s0', 'nik', 'nikv'), 'nik', today=today)}")
    if progress:
        progress("nik", total, total)


def mismatch_stage(con: duckdb.DuckDBPyConnection, source: str, chunk: int | None = None) -> None:
    """``mism`` (row_number, warn): NIK birth date / sex against the record's, by nik_check_record,
    called only for rows where the two differ in SQL (a cheap pre-filter), ``chunk`` (default
    MISMATCH_CHUNK) rows at a time."""
    chunk = chunk or MISMATCH_CHUNK
    con.execute(f"""CREATE OR REPLACE TABLE mism_c AS SELECT row_number, nik_bd, nik_sex, tgl, jk FROM {source}
        WHERE nik_ok AND ((tgl IS NOT NULL AND nik_bd IS NOT NULL AND tgl <> nik_bd)
                          OR (jk IS NOT NULL AND nik_sex IS NOT NULL AND jk <> nik_sex))""")
    con.execute("CREATE OR REPLACE TABLE mism (row_number BIGINT, warn VARCHAR)")
    last = -1
    while rows := con.execute("SELECT * FROM mism_c WHERE row_number > ? ORDER BY row_number LIMIT ?",
                              [last, chunk]).fetchall():
        last = rows[-1][0]
        out_rows, out_warn = [], []
        for row_number, nik_bd, nik_sex, tgl, jk in rows:
            result = NikResult("", True, None, None, birth_date=nik_bd, sex=nik_sex)
            warn = nik_check_record(result, birth_date=tgl, sex=jk)
            if warn:
                out_rows.append(row_number)
                out_warn.append(",".join(warn))
        con.register("mism_part", pa.table({"row_number": pa.array(out_rows, pa.int64()),
                                            "warn": pa.array(out_warn, pa.string())}))
        con.execute("INSERT INTO mism SELECT * FROM mism_part")
        con.unregister("mism_part")


def quarantine_write(con: duckdb.DuckDBPyConnection, raw: RawTable, path: Path, *,
                     skip: tuple[int, ...] = ()) -> None:
    """``q`` (row_number, reason_code) -> the quarantine file: reason, message and the original
    header -> original text of every cell (plus KOLOM_LEBIH for surplus cells). ``skip``: columns
    left out (cakupan's own BARIS_ASAL / ALASAN columns of a re-imported quarantine export)."""
    messages = pa.table({"reason_code": list(ROW_REASONS), "message": list(ROW_REASONS.values())})
    con.register("msgs", messages)
    kept = [(i, h) for i, h in enumerate(raw.headers) if i not in skip]
    pairs = ", ".join(f"{sql_text(h)}, r.c{i}" for i, h in kept)
    overflow = OVERFLOW_HEADER
    while overflow in raw.headers:
        overflow += "_"
    with_overflow = f"{pairs}, {sql_text(overflow)}, r.__overflow"
    con.execute(f"""COPY (SELECT q.row_number, q.reason_code, coalesce(m.message, q.reason_code) AS message,
        CAST(CASE WHEN r.__overflow IS NULL THEN json_object({pairs}) ELSE json_object({with_overflow}) END
             AS VARCHAR) AS raw
        FROM q JOIN raw r ON r.__row = q.row_number LEFT JOIN msgs m USING (reason_code)
        ORDER BY q.row_number) TO {sql_text(str(path))} (FORMAT parquet)""")


def counts(con: duckdb.DuckDBPyConnection, loaded: str) -> Outcome:
    reasons = dict(con.execute("SELECT reason_code, count(*) FROM q GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
    warnings = dict(con.execute(f"""SELECT w, count(*) FROM (SELECT unnest(string_split(warnings, ',')) AS w
        FROM {loaded} WHERE warnings <> '') GROUP BY 1 ORDER BY 2 DESC, 1""").fetchall())
    rows_read = con.execute("SELECT count(*) FROM s").fetchone()[0]
    rows_loaded = con.execute(f"SELECT count(*) FROM {loaded}").fetchone()[0]
    return Outcome(rows_read=rows_read, rows_loaded=rows_loaded, reasons=reasons, warnings=warnings)


def json_of(raw: RawTable, indexes: tuple[int, ...], alias: str = "r") -> str:
    """SQL for a JSON object of the given original columns ('{}' when none)."""
    if not indexes:
        return "'{}'"
    pairs = ", ".join(f"{sql_text(raw.headers[i])}, {alias}.c{i}" for i in indexes)
    return f"CAST(json_object({pairs}) AS VARCHAR)"


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
