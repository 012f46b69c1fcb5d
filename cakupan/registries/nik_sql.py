"""The NIK rules of :mod:`cakupan.nik` as DuckDB SQL, for plain 16-digit values (nearly every value
of an extract): the rules of ``cakupan.nik_arrow._fast_table`` — the same checks in the same order —
computed row by row inside DuckDB, in parallel and spilling like every other step, with no join
back from a table of distinct values. Every other value (letters, spaces, spreadsheet numbers) is
checked once per distinct value by ``nik_validate_arrow`` / ``parse_nik`` and joined in as ``o_*``
columns. Tested identical to nik_validate_arrow (tests/registries/test_nik_sql.py).
"""
from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from cakupan.nik import _KEC_WARNING, region_codes

PLAIN = "regexp_full_match({t}, '[0-9]{{16}}')"
RESULT = ("nik", "ok", "error", "birth_date", "sex", "warnings")  # NikResult fields kept, in this order
OTHER = ", ".join(f"o_{c}" for c in RESULT)
HELPERS = "_plain, _known, _kec_known, _dd, _mm, _yy, _serial, _d20, _d19, _born, _error"

CHECK = """
WITH f AS (
  SELECT *, coalesce({plain}, false) AS _plain,
         substr({col}, 1, 2) IN (SELECT code FROM nik_prov) AND substr({col}, 1, 4) IN (SELECT code FROM nik_kab)
           AS _known,
         substr({col}, 1, 6) IN (SELECT code FROM nik_kec) AS _kec_known,
         TRY_CAST(substr({col}, 7, 2) AS INTEGER) AS _dd, TRY_CAST(substr({col}, 9, 2) AS INTEGER) AS _mm,
         TRY_CAST(substr({col}, 11, 2) AS INTEGER) AS _yy, substr({col}, 13, 4) AS _serial
  FROM {source}),
d AS (
  SELECT *, try(make_date(2000 + _yy, _mm, CASE WHEN _dd > 40 THEN _dd - 40 ELSE _dd END)) AS _d20,
         try(make_date(1900 + _yy, _mm, CASE WHEN _dd > 40 THEN _dd - 40 ELSE _dd END)) AS _d19
  FROM f),
b AS (
  SELECT *, CASE WHEN coalesce(_d20 <= DATE '{today}', false) THEN _d20 ELSE _d19 END AS _born FROM d),
e AS (
  SELECT *, CASE WHEN NOT _known THEN 'nik.region_unknown'
                 WHEN _mm NOT BETWEEN 1 AND 12 THEN 'nik.month_invalid'
                 WHEN NOT (_dd BETWEEN 1 AND 31 OR _dd BETWEEN 41 AND 71) THEN 'nik.day_invalid'
                 WHEN _born IS NULL THEN 'nik.date_invalid'
                 WHEN _serial = '0000' THEN 'nik.serial_zero' END AS _error
  FROM b)
SELECT * EXCLUDE ({helpers}, {other}),
  CASE WHEN _plain THEN {col} ELSE o_nik END AS {p}nik,
  CASE WHEN _plain THEN _error IS NULL ELSE o_ok END AS {p}ok,
  CASE WHEN _plain THEN _error ELSE o_error END AS {p}error,
  CASE WHEN NOT _plain THEN o_birth_date WHEN _error IS NULL OR _error = 'nik.serial_zero' THEN _born END
    AS {p}birth_date,
  CASE WHEN NOT _plain THEN o_sex WHEN _error IS NULL OR _error = 'nik.serial_zero' THEN
    CASE WHEN _dd > 40 THEN 'P' ELSE 'L' END END AS {p}sex,
  CASE WHEN NOT _plain THEN o_warnings WHEN _known AND NOT _kec_known THEN '{kec_warning}' ELSE '' END
    AS {p}warnings
FROM e"""


def nik_sql_register(con: duckdb.DuckDBPyConnection) -> None:
    """The Kemendagri code lists (``nik_prov``, ``nik_kab``, ``nik_kec``) as tables."""
    for name, codes in zip(("nik_prov", "nik_kab", "nik_kec"), region_codes()):
        con.register(f"{name}_arrow", pa.table({"code": pa.array(sorted(codes), pa.string())}))
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT code FROM {name}_arrow")
        con.unregister(f"{name}_arrow")


def with_others(base: str, col: str, others: str) -> str:
    """``base`` (a table or subquery) with the ``o_*`` columns: the results of the not-plain values
    from ``others`` (a table with ``raw`` + RESULT columns, one row per distinct value)."""
    picked = ", ".join(f"o.{c} AS o_{c}" for c in RESULT)
    return f"(SELECT b.*, {picked} FROM {base} b LEFT JOIN {others} o ON o.raw = b.{col})"


def nik_sql(source: str, col: str, *, prefix: str = "v_", today: date | None = None) -> str:
    """SELECT of ``source``'s columns (without the ``o_*`` ones, see with_others) plus the check of
    ``col`` as ``<prefix>nik, ok, error, birth_date, sex, warnings``; after ``nik_sql_register``."""
    return CHECK.format(source=source, col=col, p=prefix, plain=PLAIN.format(t=col), helpers=HELPERS,
                        other=OTHER, today=(today or date.today()).isoformat(), kec_warning=_KEC_WARNING[0])
