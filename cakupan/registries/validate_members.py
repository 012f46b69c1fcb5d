"""Member (BPJS TK) and roster extracts -> snapshot + quarantine, in bulk (DuckDB; no Django).

A member or a worker on a roster is a real person even when the NIK is missing, mangled or wrong
(issue 2): the row is loaded with ``nik_valid = false`` and ``nik_error`` set, and the linkage
decides who it is. Only a row that identifies nobody — no KPJ (members) / roster id and no name —
is quarantined (``baris.kosong_identitas``), as is a row with more cells than the header
(``baris.kolom_berlebih``). Unreadable dates, sex, segment and paid-through month become null with
a warning. ``member_key`` is the KPJ / roster id when it is unique in the file, else ``row:<n>``.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from .readers import Progress, RawTable
from .columns import HeaderMap
from .stage import Outcome, counts, json_of, mismatch_stage, nik_stage, quarantine_write, sql_text, stage

SEGMEN = r"""CASE regexp_replace(upper({t}), '[^A-Z]+', '', 'g')
    WHEN 'PU' THEN 'PU' WHEN 'PENERIMAUPAH' THEN 'PU' WHEN 'BPU' THEN 'BPU'
    WHEN 'BUKANPENERIMAUPAH' THEN 'BPU' WHEN 'JAKON' THEN 'JAKON' WHEN 'JASAKONSTRUKSI' THEN 'JAKON'
    WHEN 'PMI' THEN 'PMI' WHEN 'PEKERJAMIGRANINDONESIA' THEN 'PMI' END"""

COMMON = """s.row_number, s.overflow, s.nama,
    CASE WHEN s.nik IS NOT NULL AND regexp_full_match(coalesce(s.v_nik, ''), '[0-9]+') THEN s.v_nik END AS nik,
    coalesce(s.v_ok, false) AS nik_ok, CASE WHEN s.nik IS NULL THEN 'nik.missing' ELSE s.v_error END AS nik_error,
    s.v_birth_date AS nik_bd, s.v_sex AS nik_sex, nullif(s.v_warnings, '') AS nik_warn,
    parse_date(s.tanggal_lahir) AS tgl, s.tanggal_lahir AS tgl_raw,
    parse_sex(s.jenis_kelamin) AS jk, s.jenis_kelamin AS jk_raw, norm_kode(s.kode_wilayah) AS kode"""

MEMBER_FIELDS = f"""s.kpj AS key, {SEGMEN.format(t='s.segmen')} AS segmen, s.segmen AS segmen_raw,
    nullif(trim(regexp_replace(upper(s.program), '[^A-Z]+', ',', 'g'), ','), '') AS program,
    upper(regexp_replace(s.status, '\\s+', ' ', 'g')) AS status,
    parse_date(s.tanggal_kepesertaan) AS tanggal_kepesertaan, s.tanggal_kepesertaan AS tk_raw,
    parse_month(s.iuran_terakhir) AS iuran_terakhir, s.iuran_terakhir AS iuran_raw,
    s.npp, s.nama_perusahaan"""
MEMBER_WARN = """CASE WHEN (tgl_raw IS NOT NULL AND tgl IS NULL)
        OR (tk_raw IS NOT NULL AND tanggal_kepesertaan IS NULL) THEN 'tanggal.invalid' END,
    CASE WHEN segmen_raw IS NOT NULL AND segmen IS NULL THEN 'segmen.invalid' END,
    CASE WHEN iuran_raw IS NOT NULL AND iuran_terakhir IS NULL THEN 'iuran.invalid' END"""
MEMBER_OUT = """row_number, member_key, key AS kpj, nik, nik_ok AS nik_valid, nik_error, nama,
    tgl AS tanggal_lahir, jk AS jenis_kelamin, kode AS kode_wilayah, segmen, program, status,
    tanggal_kepesertaan, iuran_terakhir, npp, nama_perusahaan, warnings"""

ROSTER_FIELDS = """s.roster_id AS key, s.org, s.jabatan, s.project_code,
    parse_date(s.start_date) AS start_date, s.start_date AS sd_raw,
    parse_date(s.end_date) AS end_date, s.end_date AS ed_raw, {extra} AS extra"""
ROSTER_WARN = """CASE WHEN (tgl_raw IS NOT NULL AND tgl IS NULL) OR (sd_raw IS NOT NULL AND start_date IS NULL)
        OR (ed_raw IS NOT NULL AND end_date IS NULL) THEN 'tanggal.invalid' END"""
ROSTER_OUT = """row_number, {roster_kind} AS roster_kind, member_key, nik, nik_ok AS nik_valid, nik_error, nama,
    tgl AS tanggal_lahir, jk AS jenis_kelamin, kode AS kode_wilayah, org, jabatan, project_code,
    start_date, end_date, extra, warnings"""


def records_validate(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    hm: HeaderMap,
    *,
    kind: str,
    roster_kind: str = "",
    data_path: Path,
    quarantine_path: Path,
    progress: Progress | None = None,
) -> Outcome:
    """Members (kind='members') or one roster (kind='roster', roster_kind=...)."""
    stage(con, raw, hm, kind)
    nik_stage(con, progress)
    if kind == "members":
        fields, warn, out = MEMBER_FIELDS, MEMBER_WARN, MEMBER_OUT
    else:
        fields = ROSTER_FIELDS.format(extra=json_of(raw, hm.unknown))
        warn, out = ROSTER_WARN, ROSTER_OUT.format(roster_kind=sql_text(roster_kind))
    source = "s" if kind == "members" else "s JOIN raw r ON r.__row = s.row_number"  # roster extra: raw cells
    con.execute(f"CREATE OR REPLACE TABLE m AS SELECT {COMMON}, {fields} FROM {source}")
    con.execute("""CREATE OR REPLACE TABLE m2 AS SELECT m.*, CASE
        WHEN overflow IS NOT NULL THEN 'baris.kolom_berlebih'
        WHEN m.key IS NULL AND nama IS NULL THEN 'baris.kosong_identitas' END AS reason,
        coalesce(k.n, 1) AS key_n
      FROM m LEFT JOIN (SELECT key, count(*) AS n FROM m WHERE overflow IS NULL AND key IS NOT NULL
                        GROUP BY 1 HAVING count(*) > 1) k ON k.key = m.key""")
    mismatch_stage(con, "(SELECT * FROM m2 WHERE reason IS NULL)")
    con.execute(f"""CREATE OR REPLACE TEMP VIEW loaded AS SELECT {out} FROM (
        SELECT m2.*, CASE WHEN key IS NOT NULL AND key_n = 1 THEN key ELSE 'row:' || row_number END
          AS member_key,
        concat_ws(',', nik_warn, mism.warn, CASE WHEN key IS NOT NULL AND key_n > 1 THEN 'kunci.duplicate' END,
          CASE WHEN jk_raw IS NOT NULL AND jk IS NULL THEN 'jenis_kelamin.invalid' END, {warn}) AS warnings
        FROM m2 LEFT JOIN mism USING (row_number) WHERE reason IS NULL)""")
    con.execute(f"COPY (SELECT * FROM loaded ORDER BY row_number) TO {sql_text(str(data_path))} "
                "(FORMAT parquet, COMPRESSION zstd)")
    con.execute("CREATE OR REPLACE TABLE q AS SELECT row_number, reason AS reason_code FROM m2 "
                "WHERE reason IS NOT NULL")
    quarantine_write(con, raw, quarantine_path, skip=hm.ignored)
    return counts(con, f"read_parquet({sql_text(str(data_path))})")  # the view is not computed again
