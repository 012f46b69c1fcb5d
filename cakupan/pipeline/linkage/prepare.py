"""Named SQL steps before the model, on the pipeline's engine (dialect differences asked of it).

Inputs (views made by `linkage.run`): lk_in_members, lk_in_population, lk_in_decisions (optional).

lk_names       one row per distinct name spelling: its normalised form and keys (names.py)
lk_members     one row per member record: normalised name, 16-digit NIK for comparison, area
lk_right       one row per person (NIK), the Splink input (built first)
lk_area_codes  one row per kalurahan code the population lives in (which members live "inside")
lk_population  one row per person (NIK): the same columns (a view of lk_right)
lk_twins       one row per person x twin: another person of the same family card (KK) born the same day
lk_exact       one row per member record whose NIK equals a person's NIK, with the check
lk_all         one row per member record (a view of lk_members), the Splink input for training (all members: trained on
               the still-unlinked ones alone, the model learns that an exact NIK is *weaker* than a
               one-digit-off one, because only flagged exact matches remain there)
lk_left        one row per member record still to link (no exact match, or a flagged one)
lk_decisions   one row per clerk's review decision (when there are any)
"""
from __future__ import annotations

from ..steps import Accounted, NotNull, Step, Unique
from .names import name_fits_sql, name_keys_sql, name_norm_sql, name_sim_sql

# A NIK for comparison: 16 digits as given; 13–15 digits (leading zeros lost) padded; a
# spreadsheet float with 14+ digits (3.40201120385000E+15) turned back into its digits (the last one
# is lost); a shorter float (3.40202E+15) keeps too little to compare: NULL.
def _nik16(engine, col: str) -> str:
    n = f"trim({col})"
    digits = "CAST(CAST(TRY_CAST(replace({n}, ',', '.') AS DOUBLE) AS BIGINT) AS STRING)".format(n=n)
    return f"""CASE
  WHEN {engine.regexp_full_match_sql(n, '[0-9]{16}')} THEN {n}
  WHEN {engine.regexp_full_match_sql(n, '[0-9]{13,15}')} THEN lpad({n}, 16, '0')
  WHEN {engine.regexp_full_match_sql(n, '[0-9][.,][0-9]{13,}[Ee][+]?15')} THEN lpad({digits}, 16, '0')
  END"""


def _count(table: str, where: str = "") -> str:
    return f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")


NAME_COLS = "nama_norm, nama_key, nama_fl, nama_init"


def prepare_steps(engine=None, *, flag_name_jw: float, twin_margin: float = 0.02, has_decisions: bool = False) -> list[Step]:
    """The steps in `engine`'s dialect (DuckDB's when None)."""
    from ..engine import Engine

    engine = engine or Engine()
    keys = ", ".join(f"{sql} AS {col}" for col, sql in name_keys_sql("nama_norm", engine).items())
    steps = [
        # names repeat a lot: normalise each distinct spelling once
        Step("lk_names", "one row per distinct name spelling (members and population): its normalised form and keys",
             f"""SELECT nama, nama_norm, {keys} FROM (
               SELECT nama, {name_norm_sql('nama', engine)} AS nama_norm
               FROM (SELECT nama FROM lk_in_population UNION SELECT nama FROM lk_in_members) n WHERE nama IS NOT NULL) x""",
             (Unique("nama"),)),
        Step("lk_members", "one row per member record: normalised name, NIK as 16 digits, kapanewon",
             f"""SELECT m.member_key, m.kpj, m.nik AS nik_raw, m.nama, m.tanggal_lahir, m.jenis_kelamin, m.kode_wilayah,
               n.nama_norm, n.nama_key, n.nama_fl, n.nama_init, left(m.kode_wilayah, 8) AS kapanewon,
               {_nik16(engine, 'm.nik')} AS nik16,
               coalesce(m.nik_error = 'nik.spreadsheet_mangled'
                        OR {engine.regexp_full_match_sql('trim(m.nik)', '[0-9][.,][0-9]+[Ee][+]?[0-9]+')}, false) AS nik_excel
             FROM lk_in_members m LEFT JOIN lk_names n ON n.nama = m.nama""",
             (Unique("member_key", via="lk_in_members"), NotNull("member_key"))),
        # the population once, as Splink's right-hand input; lk_population is the same rows by NIK
        Step("lk_right", "one row per person (NIK): the model's right-hand input",
             """SELECT p.nik AS unique_id, p.nama, n.nama_norm, n.nama_key, n.nama_fl, n.nama_init,
               p.tanggal_lahir, p.jenis_kelamin, p.kode_wilayah,
               left(p.kode_wilayah, 8) AS kapanewon, p.nik AS nik16, false AS nik_excel
             FROM lk_in_population p LEFT JOIN lk_names n ON n.nama = p.nama""",
             (Unique("unique_id", via="lk_in_population"),)),
        Step("lk_area_codes", "one row per kalurahan code the population lives in",
             "SELECT DISTINCT kode_wilayah FROM lk_right WHERE kode_wilayah IS NOT NULL",
             (Unique("kode_wilayah"),)),
        Step("lk_population", "one row per person (NIK): lk_right under the population's names",
             """SELECT unique_id AS nik, nama, nama_norm, nama_key, nama_fl, nama_init, tanggal_lahir, jenis_kelamin,
               kode_wilayah, kapanewon
             FROM lk_right""", (Unique("nik", via="lk_right"),), materialize="view"),
        # Twins (and triplets): two people on one family card (KK) born the same day. Their NIKs
        # differ only in the serial (or the +40 of a sister's day), their names often share a word:
        # a one-digit NIK slip lands on the other twin, and only the name tells them apart.
        Step("lk_twins", "one row per person x twin (same family card, same birth date, another NIK)",
             """SELECT a.nik, b.nik AS twin_nik FROM lk_in_population a JOIN lk_in_population b
               ON a.no_kk = b.no_kk AND a.tanggal_lahir = b.tanggal_lahir AND a.nik <> b.nik""",
             (Unique("nik", "twin_nik"), NotNull("nik", "twin_nik"))),
        # The check: an exact NIK match is trusted only if the birth dates agree (up to a day/month
        # swap) and the names agree — JW >= flag_name_jw after normalisation, and identical when the
        # member's address is another kalurahan. A keying slip in the NIK's date or serial digits lands
        # on a neighbour born the same day (or the same day in another year) who often shares a common
        # name; a year typo is not forgiven here because the NIK's own date digits are what was
        # mistyped. A flagged match is not dropped: the probabilistic step weighs it against the others.
        # A person with a twin is trusted on the NIK only when the name is theirs, or nearer theirs
        # than the twin's by twin_margin: "Sri Lestari" on Sri Rahayu's NIK is a slip onto the twin,
        # plain "Endang" on Endang Lestari's may be Endang Rahmawati's.
        Step("lk_exact", "one row per member record whose NIK is a person's NIK: that person and the check",
             f"""SELECT member_key, person_nik, name_jw, twin_nearer,
               date_ok AND name_jw >= {float(flag_name_jw)} AND (same_name OR same_area) AND NOT twin_nearer AS trusted
             FROM (SELECT m.member_key, p.nik AS person_nik,
               NOT coalesce(m.nama_norm = p.nama_norm, false) AND coalesce(tw.near, false) AS twin_nearer,
               jaro_winkler_similarity(coalesce(m.nama_norm, ''), coalesce(p.nama_norm, '')) AS name_jw,
               m.nama_norm = p.nama_norm AS same_name,
               coalesce(m.kode_wilayah = p.kode_wilayah, true) AS same_area,
               m.tanggal_lahir IS NULL OR p.tanggal_lahir IS NULL OR m.tanggal_lahir = p.tanggal_lahir
                 OR (day(m.tanggal_lahir) = month(p.tanggal_lahir) AND month(m.tanggal_lahir) = day(p.tanggal_lahir)
                     AND year(m.tanggal_lahir) = year(p.tanggal_lahir)) AS date_ok
              FROM lk_members m JOIN lk_population p ON m.nik_raw = p.nik
              LEFT JOIN (SELECT m2.member_key, true AS near
                         FROM lk_members m2 JOIN lk_population p2 ON m2.nik_raw = p2.nik
                         JOIN lk_twins t ON t.nik = p2.nik JOIN lk_population q ON q.nik = t.twin_nik
                         WHERE {name_fits_sql('m2', 'q')} OR {name_sim_sql('m2', 'q')} > {name_sim_sql('m2', 'p2')} - {float(twin_margin)}
                         GROUP BY m2.member_key) tw ON tw.member_key = m.member_key) x""",
             # population NIKs are unique (stg_population), so one person per member record
             (NotNull("member_key", "person_nik"),)),
        Step("lk_all", "one row per member record: the model's left-hand input for training",
             """SELECT m.member_key AS unique_id, m.nama, m.nama_norm, m.nama_key, m.nama_fl, m.nama_init,
               m.tanggal_lahir, m.jenis_kelamin,
               m.kode_wilayah, m.kapanewon, m.nik16, m.nik_excel
             FROM lk_members m""", (Unique("unique_id", via="lk_members"),), materialize="view"),
        Step("lk_left", "one row per member record still to link: no exact match, or a flagged one",
             """SELECT a.* FROM lk_all a LEFT JOIN lk_exact e ON e.member_key = a.unique_id
             WHERE e.member_key IS NULL OR NOT e.trusted""",
             (Accounted("every member record trusted or still to link",
                        f"({_count('{t}')}) + ({_count('lk_exact', 'trusted')})", _count("lk_members")),)),
    ]
    if has_decisions:
        steps.append(Step(
            "lk_decisions", "one row per clerk's decision on a member record x candidate",
            """SELECT CAST(member_key AS STRING) AS member_key, CAST(candidate_nik AS STRING) AS candidate_nik,
               lower(trim(decision)) AS decision FROM lk_in_decisions""",
            (Accounted("every decision", _count("{t}"), _count("lk_in_decisions")),)))
    return steps
