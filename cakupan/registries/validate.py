"""Population (Dukcapil) extract -> snapshot + quarantine, in bulk (DuckDB; no Django).

In the population extract the NIK is the identity (issue 2): a row is loaded only with a valid NIK
that appears once in the file, a known kalurahan code, and a readable birth date and sex (blank
date / sex are loaded as null). Duplicate NIKs: EVERY copy is quarantined with ``nik.duplicate`` —
keeping "the first" would silently pick one of two different records (docs/input-formats.md).
One reason per quarantined row, in this order: baris.kolom_berlebih, the NIK error, nik.duplicate,
wilayah.unknown, tanggal.invalid, jenis_kelamin.invalid.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pyarrow as pa

from .columns import HeaderMap, header_key
from .readers import Progress, RawTable
from .stage import Outcome, counts, mismatch_stage, nik_stage, quarantine_write, sql_text, stage

OCC_KEY = r"""CASE WHEN regexp_full_match({t}, '\d{{1,3}}') THEN ltrim({t}, '0')
                  ELSE regexp_replace(upper({t}), '[^A-Z0-9]+', '', 'g') END"""


def occupation_keys(rows: Iterable[tuple[int, str]]) -> pa.Table:
    """(code, name) -> lookup table: the code as text ('9') and the name's key ('PETANIPEKEBUN')."""
    keys, codes = [], []
    for code, name in rows:
        keys += [str(int(code)), header_key(name)]
        codes += [int(code), int(code)]
    return pa.table({"key": pa.array(keys, pa.string()), "code": pa.array(codes, pa.int16())})


def _kode_map(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE OR REPLACE TABLE kode_map AS SELECT t.kode_wilayah, norm_kode(t.kode_wilayah) AS kode,
        kal.code IS NOT NULL AS kode_ok FROM (SELECT DISTINCT kode_wilayah FROM s) t
        LEFT JOIN kal ON kal.code = norm_kode(t.kode_wilayah)""")


def population_validate(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    hm: HeaderMap,
    *,
    kalurahan_codes: Iterable[str],
    occupations: Iterable[tuple[int, str]],
    padukuhan_code: Callable[[str, str], str],
    data_path: Path,
    quarantine_path: Path,
    progress: Progress | None = None,
    taken_path: Path | None = None,
    kalurahan_more: Callable[[dict[str, int], int], Iterable[str]] | None = None,
) -> Outcome:
    """``taken_path``: a snapshot whose loaded NIKs count as already in the file (a merge: a fixed
    row with the NIK of a loaded row is a duplicate; ``extra["taken_duplicates"]`` lists them).
    ``kalurahan_more(unknown codes -> rows, rows in the file)``: the kalurahan codes known after
    loading the regions those codes name (the areas of a new region on first use); None: no lookup."""
    stage(con, raw, hm, "population")
    nik_stage(con, progress)
    known = set(kalurahan_codes)
    con.register("kal", pa.table({"code": pa.array(sorted(known), pa.string())}))
    con.register("occ", occupation_keys(occupations).group_by("key").aggregate([("code", "min")])
                 .rename_columns(["key", "code"]))
    # occupation and kalurahan lookups on the distinct values only (a few hundred), then joined
    con.execute(f"""CREATE OR REPLACE TABLE occ_map AS SELECT t.pekerjaan, occ.code FROM
        (SELECT DISTINCT pekerjaan FROM s WHERE pekerjaan IS NOT NULL) t
        LEFT JOIN occ ON occ.key = {OCC_KEY.format(t='t.pekerjaan')}""")
    _kode_map(con)
    if kalurahan_more is not None:
        unknown = dict(con.execute("""SELECT km.kode, count(*) FROM s JOIN kode_map km
            ON km.kode_wilayah IS NOT DISTINCT FROM s.kode_wilayah WHERE NOT km.kode_ok AND km.kode IS NOT NULL
            GROUP BY 1""").fetchall())
        if unknown:
            rows = con.execute("SELECT count(*) FROM s").fetchall()[0][0]
            more = set(kalurahan_more(unknown, rows)) - known
            if more:
                con.register("kal", pa.table({"code": pa.array(sorted(known | more), pa.string())}))
                _kode_map(con)
    con.execute(f"""CREATE OR REPLACE TEMP VIEW p AS SELECT
        s.row_number, s.overflow, s.v_nik AS nik_clean, coalesce(s.v_ok, false) AS nik_ok,
        CASE WHEN s.nik IS NULL THEN 'nik.missing' ELSE s.v_error END AS nik_error,
        s.v_birth_date AS nik_bd, s.v_sex AS nik_sex, nullif(s.v_warnings, '') AS nik_warn,
        s.no_kk, s.nama, parse_sex(s.jenis_kelamin) AS jk, s.jenis_kelamin AS jk_raw, s.tempat_lahir,
        parse_date(s.tanggal_lahir) AS tgl, s.tanggal_lahir AS tgl_raw, km.kode,
        coalesce(km.kode_ok, false) AS kode_ok, s.padukuhan, s.pekerjaan, om.code AS occ_code
      FROM s LEFT JOIN kode_map km ON km.kode_wilayah IS NOT DISTINCT FROM s.kode_wilayah
        LEFT JOIN occ_map om ON om.pekerjaan = s.pekerjaan""")
    taken = (f"""UNION SELECT v_nik FROM s WHERE overflow IS NULL AND v_ok
        AND v_nik IN (SELECT nik FROM read_parquet({sql_text(str(taken_path))}))""" if taken_path else "")
    con.execute(f"""CREATE OR REPLACE TABLE dup AS SELECT v_nik AS nik_clean FROM s
        WHERE overflow IS NULL AND v_ok GROUP BY 1 HAVING count(*) > 1 {taken}""")
    con.execute("""CREATE OR REPLACE TABLE p2 AS SELECT p.*, CASE
        WHEN overflow IS NOT NULL THEN 'baris.kolom_berlebih'
        WHEN nik_error IS NOT NULL THEN nik_error
        WHEN dup.nik_clean IS NOT NULL THEN 'nik.duplicate'
        WHEN NOT kode_ok THEN 'wilayah.unknown'
        WHEN tgl_raw IS NOT NULL AND tgl IS NULL THEN 'tanggal.invalid'
        WHEN jk_raw IS NOT NULL AND jk IS NULL THEN 'jenis_kelamin.invalid'
      END AS reason FROM p LEFT JOIN dup ON dup.nik_clean = p.nik_clean""")
    mismatch_stage(con, "(SELECT * FROM p2 WHERE reason IS NULL)")
    places = con.execute("""SELECT DISTINCT kode, padukuhan FROM p2
        WHERE reason IS NULL AND padukuhan IS NOT NULL""").fetchall()
    pdk = [(kode, name, padukuhan_code(kode, name)) for kode, name in places]
    con.register("pdk", pa.table({"kode": pa.array([p[0] for p in pdk], pa.string()),
                                  "padukuhan": pa.array([p[1] for p in pdk], pa.string()),
                                  "padukuhan_code": pa.array([p[2] for p in pdk], pa.string())}))
    con.execute("""CREATE OR REPLACE TEMP VIEW loaded AS SELECT p2.row_number, p2.nik_clean AS nik,
        p2.no_kk, p2.nama, p2.jk AS jenis_kelamin, p2.tempat_lahir, p2.tgl AS tanggal_lahir,
        p2.kode AS kode_wilayah, p2.padukuhan, pdk.padukuhan_code, CAST(p2.occ_code AS SMALLINT) AS pekerjaan_kode,
        concat_ws(',', p2.nik_warn, mism.warn,
                  CASE WHEN p2.pekerjaan IS NOT NULL AND p2.occ_code IS NULL THEN 'pekerjaan.unknown' END)
          AS warnings
      FROM p2 LEFT JOIN mism USING (row_number)
        LEFT JOIN pdk ON pdk.kode = p2.kode AND pdk.padukuhan = p2.padukuhan
      WHERE p2.reason IS NULL""")
    con.execute(f"COPY (SELECT * FROM loaded ORDER BY row_number) TO {sql_text(str(data_path))} "
                "(FORMAT parquet, COMPRESSION zstd)")
    con.execute("CREATE OR REPLACE TABLE q AS SELECT row_number, reason AS reason_code FROM p2 "
                "WHERE reason IS NOT NULL")
    quarantine_write(con, raw, quarantine_path, skip=hm.ignored)
    outcome = counts(con, f"read_parquet({sql_text(str(data_path))})")  # the view is not computed again
    outcome.extra["padukuhan"] = pdk
    if taken_path:
        outcome.extra["taken_duplicates"] = [r[0] for r in con.execute(f"""SELECT DISTINCT nik_clean FROM p2
            WHERE reason = 'nik.duplicate' AND nik_clean IN (SELECT nik FROM read_parquet(
            {sql_text(str(taken_path))}))""").fetchall()]
    return outcome
