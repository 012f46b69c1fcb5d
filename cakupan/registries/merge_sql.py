"""The bulk steps of a merge (DuckDB; no Django): which fix rows replace which quarantined rows, and
the new snapshot's two files = the parent's + the fix, row numbers kept (see merge.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from .columns import HeaderMap
from .readers import RawTable
from .reasons import ROW_REASONS
from .stage import quarantine_write, raw_view, sql_text

# population loaded column -> text a user would type again (a loaded row moved back to quarantine)
AS_TEXT = {"nik": "nik", "no_kk": "no_kk", "nama": "nama", "jenis_kelamin": "jenis_kelamin",
           "tempat_lahir": "tempat_lahir", "tanggal_lahir": "CAST(tanggal_lahir AS VARCHAR)",
           "kode_wilayah": "kode_wilayah", "padukuhan": "padukuhan", "pekerjaan": "CAST(pekerjaan_kode AS VARCHAR)"}


@dataclass(frozen=True)
class Combined:
    rows_loaded: int
    reasons: dict[str, int]
    warnings: dict[str, int]
    fixed_rows: list[int]
    still_quarantined: int
    extra_rows: int

    @property
    def rows_quarantined(self) -> int:
        return sum(self.reasons.values())


def merge_classify(con: duckdb.DuckDBPyConnection, raw: RawTable, *, origin_column: int, parent_data: Path,
                   parent_quarantine: Path) -> RawTable:
    """``cls`` (fix_row, x, reason): x = BARIS_ASAL as a number (0 when it is none); reason
    merge.unknown_row when x is no quarantined row of the parent (or one added by a merge),
    merge.duplicate_row when several fix rows name the same x; null = the row replaces row x.
    Returns the replacing rows, numbered by x, for the validators (a Parquet file beside the raw one,
    in its scratch folder)."""
    raw_view(con, raw)
    con.execute(f"CREATE OR REPLACE VIEW pl AS SELECT * FROM read_parquet({sql_text(str(parent_data))})")
    if parent_quarantine.is_file():
        con.execute(f"CREATE OR REPLACE VIEW pq AS SELECT * FROM read_parquet({sql_text(str(parent_quarantine))})")
    else:  # a snapshot without a quarantine file: nothing to replace
        con.execute("""CREATE OR REPLACE VIEW pq AS SELECT CAST(NULL AS BIGINT) AS row_number,
            CAST(NULL AS VARCHAR) AS reason_code, CAST(NULL AS VARCHAR) AS message, CAST(NULL AS VARCHAR) AS raw
            WHERE false""")
    cell = f"trim(c{origin_column}, ' \t\r\n\u00a0')"
    con.execute(f"""CREATE OR REPLACE TABLE cls AS
        WITH f AS (SELECT __row AS fix_row, CASE WHEN regexp_full_match({cell}, '\\d{{1,15}}')
                     THEN CAST({cell} AS BIGINT) ELSE 0 END AS x FROM raw),
        ok AS (SELECT DISTINCT row_number AS x FROM pq WHERE reason_code <> 'merge.unknown_row'
               AND row_number NOT IN (SELECT row_number FROM pl))
        SELECT f.fix_row, f.x, CASE WHEN ok.x IS NULL THEN 'merge.unknown_row'
            WHEN count(*) OVER (PARTITION BY f.x) > 1 THEN 'merge.duplicate_row' END AS reason
        FROM f LEFT JOIN ok ON ok.x = f.x""")
    matched = raw.folder / "matched.parquet"
    con.execute(f"""COPY (SELECT r.* REPLACE (c.x AS __row) FROM raw r JOIN cls c ON c.fix_row = r.__row
        WHERE c.reason IS NULL ORDER BY c.x) TO {sql_text(str(matched))} (FORMAT parquet)""")
    rows = con.execute("SELECT count(*) FROM cls WHERE reason IS NULL").fetchall()[0][0]
    return RawTable(raw.headers, matched, rows, raw.fmt, encoding=raw.encoding, delimiter=raw.delimiter)


def extra_write(con: duckdb.DuckDBPyConnection, raw: RawTable, hm: HeaderMap, path: Path) -> None:
    """The fix rows that replace nothing, in quarantine form (row_number = their fix-file row)."""
    con.execute("CREATE OR REPLACE TABLE q AS SELECT fix_row AS row_number, reason AS reason_code "
                "FROM cls WHERE reason IS NOT NULL")
    quarantine_write(con, raw, path, skip=hm.ignored)


def merge_combine(con: duckdb.DuckDBPyConnection, *, kind: str, raw: RawTable, hm: HeaderMap, fix_data: Path,
                  fix_quarantine: Path, extra: Path, moved: list[str], data_path: Path,
                  quarantine_path: Path) -> Combined:
    """Write the new snapshot's files: parent loaded rows (minus ``moved`` NIKs) + fixed rows;
    parent quarantine minus the replaced rows + the fix's quarantine + extra rows + moved rows."""
    con.execute(f"CREATE OR REPLACE VIEW fl AS SELECT * FROM read_parquet({sql_text(str(fix_data))})")
    con.execute(f"CREATE OR REPLACE VIEW fq AS SELECT * FROM read_parquet({sql_text(str(fix_quarantine))})")
    con.register("moved", pa.table({"nik": pa.array(moved, pa.string())}))
    columns = ", ".join(d[0] for d in con.execute("SELECT * FROM pl LIMIT 0").description)
    both = f"""SELECT {columns} FROM (SELECT * FROM pl WHERE nik IS NULL OR nik NOT IN (SELECT nik FROM moved)
        UNION ALL BY NAME SELECT * FROM fl)"""
    if kind != "population":
        both = _rekey(both, kind)
    con.execute(f"CREATE OR REPLACE TABLE new_loaded AS {both}")
    con.execute(f"COPY (SELECT * FROM new_loaded ORDER BY row_number) TO {sql_text(str(data_path))} "
                "(FORMAT parquet, COMPRESSION zstd)")
    pairs = ", ".join(f"{sql_text(raw.headers[i])}, {AS_TEXT[c]}" for c, i in sorted(hm.columns.items(),
                                                                                       key=lambda x: x[1])
                      if c in AS_TEXT)
    back = (f"""UNION ALL SELECT row_number, 'nik.duplicate', {sql_text(ROW_REASONS['nik.duplicate'])},
        CAST(json_object({pairs}) AS VARCHAR) FROM pl WHERE nik IN (SELECT nik FROM moved)""" if pairs else "")
    con.execute(f"""CREATE OR REPLACE TABLE new_q AS
        SELECT row_number, reason_code, message, raw FROM pq WHERE row_number NOT IN (SELECT x FROM cls)
        UNION ALL SELECT row_number, reason_code, message, raw FROM fq
        UNION ALL SELECT c.x, e.reason_code, e.message, e.raw FROM read_parquet({sql_text(str(extra))}) e
          JOIN cls c ON c.fix_row = e.row_number
        {back}""")
    con.execute(f"COPY (SELECT * FROM new_q ORDER BY row_number, reason_code) TO {sql_text(str(quarantine_path))} "
                "(FORMAT parquet)")
    reasons = dict(con.execute("SELECT reason_code, count(*) FROM new_q GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
    warnings = dict(con.execute("""SELECT w, count(*) FROM (SELECT unnest(string_split(warnings, ',')) AS w
        FROM new_loaded WHERE warnings <> '') GROUP BY 1 ORDER BY 2 DESC, 1""").fetchall())
    return Combined(
        rows_loaded=con.execute("SELECT count(*) FROM new_loaded").fetchone()[0], reasons=reasons, warnings=warnings,
        fixed_rows=[r[0] for r in con.execute("SELECT row_number FROM fl ORDER BY 1").fetchall()],
        still_quarantined=con.execute("SELECT count(*) FROM fq").fetchone()[0],
        extra_rows=con.execute("SELECT count(*) FROM cls WHERE reason IS NOT NULL").fetchone()[0],
    )


def _rekey(both: str, kind: str) -> str:
    """member_key over parent + fix, as an import of the whole file would key it: a KPJ / roster id
    on several rows keys each of them by row (warning kunci.duplicate). A roster row keyed by row
    in the parent has lost its id, so only ids still used as keys are compared there."""
    key = "kpj" if kind == "members" else "CASE WHEN member_key NOT LIKE 'row:%' THEN member_key END"
    many = f"({key}) IS NOT NULL AND count(*) OVER (PARTITION BY ({key})) > 1"
    return f"""SELECT * REPLACE (
        CASE WHEN {many} THEN 'row:' || row_number ELSE member_key END AS member_key,
        CASE WHEN {many} AND NOT contains(',' || warnings || ',', ',kunci.duplicate,')
             THEN concat_ws(',', nullif(warnings, ''), 'kunci.duplicate') ELSE warnings END AS warnings)
      FROM ({both})"""
