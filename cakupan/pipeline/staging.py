"""Staging: rename and cast only, one table per input (docs/contracts.md "Snapshot files").

Raw inputs are registered by `cakupan.pipeline.inputs` as raw_population, raw_members, raw_rosters
(all roster files, unioned), raw_occupations, raw_status_rules, raw_areas and raw_provisional. The
linkage step reads stg_population and stg_members. Renames to the canonical names happen here and
only here: the extracts' `segmen` is `segment` from staging on.

Data subjects' requests (UU 27/2022, cakupan.privacy) are applied here, before anything else reads
the snapshots: a NIK erased on request (stg_tombstones) is left out of stg_population, stg_members
and stg_rosters, each checked "rows in = rows kept + rows tombstoned"; a rectified name or birth date
(stg_overrides) replaces the population's.
"""
from __future__ import annotations

from cakupan.core.vocab import ROSTER_KINDS

from .steps import Accounted, AcceptedValues, NotNull, Step, Unique


def _stage(name: str, grain: str, sql: str, checks: tuple) -> Step:
    """Staging steps are views over the raw inputs (dbt-style): nothing is copied."""
    return Step(name, grain, sql, checks, materialize="view")


def _same_count(raw: str) -> Accounted:
    return Accounted(f"{raw} rows", "SELECT count(*) FROM {t}", f"SELECT count(*) FROM {raw}")


def _kept_plus_tombstoned(raw: str) -> Accounted:
    """Rows in = rows kept + rows tombstoned (stg_tombstones is unique on nik: no fan-out)."""
    return Accounted(f"{raw} rows = kept + tombstoned",
                     f"SELECT (SELECT count(*) FROM {{t}}) + (SELECT count(*) FROM {raw} r JOIN stg_tombstones d ON r.nik = d.nik)",
                     f"SELECT count(*) FROM {raw}")


# NIKs erased on request and rectified values: read before the snapshots (the steps below join them)
STG_TOMBSTONES = _stage(
    "stg_tombstones",
    "one row per NIK erased on request (privacy's tombstones; empty when none)",
    "SELECT DISTINCT CAST(r.nik AS STRING) AS nik FROM raw_tombstones r WHERE r.nik IS NOT NULL",
    (Unique("nik"),),
)
STG_OVERRIDES = _stage(
    "stg_overrides",
    "one row per NIK whose name or birth date was rectified on request",
    """
    SELECT CAST(r.nik AS STRING) AS nik, CAST(r.nama AS STRING) AS nama,
           CAST(r.tanggal_lahir AS DATE) AS tanggal_lahir
    FROM raw_overrides r
    """,
    (Unique("nik"), NotNull("nik"), _same_count("raw_overrides")),
)
# left out: a tombstoned NIK (an anti-join; a NULL NIK is never tombstoned)
WITHOUT_TOMBSTONED = "LEFT JOIN stg_tombstones d ON r.nik = d.nik WHERE d.nik IS NULL"


STG_POPULATION = _stage(
    "stg_population",
    "one row per person (NIK) in the population snapshot",
    """
    SELECT CAST(r.row_number AS BIGINT) AS source_row,
           CAST(r.nik AS STRING) AS nik,
           CAST(r.no_kk AS STRING) AS no_kk,
           CAST(coalesce(o.nama, r.nama) AS STRING) AS nama,
           CAST(r.jenis_kelamin AS STRING) AS jenis_kelamin,
           CAST(r.tempat_lahir AS STRING) AS tempat_lahir,
           coalesce(o.tanggal_lahir, CAST(r.tanggal_lahir AS DATE)) AS tanggal_lahir,
           CAST(r.kode_wilayah AS STRING) AS kode_wilayah,
           CAST(r.padukuhan AS STRING) AS padukuhan,
           CAST(r.padukuhan_code AS STRING) AS padukuhan_code,
           CAST(r.pekerjaan_kode AS INT) AS pekerjaan_kode
    FROM raw_population r
    LEFT JOIN stg_overrides o ON r.nik = o.nik
    """ + WITHOUT_TOMBSTONED,
    (Unique("nik"), NotNull("nik", "kode_wilayah"), _kept_plus_tombstoned("raw_population")),
)

STG_MEMBERS = _stage(
    "stg_members",
    "one row per member record (member_key) in the member snapshot",
    """
    SELECT CAST(r.row_number AS BIGINT) AS source_row,
           CAST(r.member_key AS STRING) AS member_key,
           CAST(r.kpj AS STRING) AS kpj,
           CAST(r.nik AS STRING) AS nik,
           CAST(coalesce(r.nik_valid, FALSE) AS BOOLEAN) AS nik_valid,
           CAST(r.nik_error AS STRING) AS nik_error,
           CAST(r.nama AS STRING) AS nama,
           CAST(r.tanggal_lahir AS DATE) AS tanggal_lahir,
           CAST(r.jenis_kelamin AS STRING) AS jenis_kelamin,
           CAST(r.kode_wilayah AS STRING) AS kode_wilayah,
           CAST(upper(trim(r.segmen)) AS STRING) AS segment,
           CAST(r.program AS STRING) AS program,
           CAST(upper(trim(r.status)) AS STRING) AS status,
           CAST(r.tanggal_kepesertaan AS DATE) AS tanggal_kepesertaan,
           CAST(r.iuran_terakhir AS DATE) AS iuran_terakhir,
           CAST(r.npp AS STRING) AS npp,
           CAST(r.nama_perusahaan AS STRING) AS nama_perusahaan
    FROM raw_members r
    """ + WITHOUT_TOMBSTONED,
    (Unique("member_key"), NotNull("member_key"), _kept_plus_tombstoned("raw_members")),
)

STG_ROSTERS = _stage(
    "stg_rosters",
    "one row per roster row (roster_kind x source_row)",
    """
    SELECT CAST(r.roster_kind AS STRING) AS roster_kind,
           CAST(r.row_number AS BIGINT) AS source_row,
           CAST(r.member_key AS STRING) AS member_key,
           CAST(r.nik AS STRING) AS nik,
           CAST(coalesce(r.nik_valid, FALSE) AS BOOLEAN) AS nik_valid,
           CAST(r.nama AS STRING) AS nama,
           CAST(r.tanggal_lahir AS DATE) AS tanggal_lahir,
           CAST(r.jenis_kelamin AS STRING) AS jenis_kelamin,
           CAST(r.kode_wilayah AS STRING) AS kode_wilayah,
           CAST(r.org AS STRING) AS org,
           CAST(r.jabatan AS STRING) AS jabatan,
           CAST(r.project_code AS STRING) AS project_code,
           CAST(r.start_date AS DATE) AS start_date,
           CAST(r.end_date AS DATE) AS end_date
    FROM raw_rosters r
    """ + WITHOUT_TOMBSTONED,
    (
        Unique("roster_kind", "source_row"),
        NotNull("roster_kind"),
        AcceptedValues("roster_kind", ROSTER_KINDS.codes),
        _kept_plus_tombstoned("raw_rosters"),
    ),
)

STG_OCCUPATIONS = _stage(
    "stg_occupations",
    "one row per Dukcapil occupation code (the mapping version exported for this run)",
    """
    SELECT CAST(r.code AS INT) AS code,
           CAST(r.name AS STRING) AS name,
           CAST(r.in_workforce AS BOOLEAN) AS in_workforce,
           CAST(r.excluded AS BOOLEAN) AS excluded,
           CAST(r.exclusion_reason AS STRING) AS exclusion_reason,
           CAST(r.ecosystem AS STRING) AS ecosystem
    FROM raw_occupations r
    """,
    (Unique("code"), NotNull("code", "in_workforce", "excluded"), _same_count("raw_occupations")),
)

STG_STATUS_RULES = _stage(
    "stg_status_rules",
    "one row per segment: months of grace after the paid-through month",
    """
    SELECT CAST(upper(trim(r.segment)) AS STRING) AS segment,
           CAST(r.grace_months AS INT) AS grace_months
    FROM raw_status_rules r
    """,
    (Unique("segment"), NotNull("segment", "grace_months"), _same_count("raw_status_rules")),
)

STG_AREAS = _stage(
    "stg_areas",
    "one row per area code (kabupaten, kapanewon, kalurahan) of the region",
    """
    SELECT CAST(r.code AS STRING) AS code,
           CAST(r.name AS STRING) AS name,
           CAST(r.kind AS STRING) AS kind,
           CAST(r.parent_code AS STRING) AS parent_code
    FROM raw_areas r
    """,
    (Unique("code"), NotNull("code", "kind"), _same_count("raw_areas")),
)

STG_PROVISIONAL = _stage(
    "stg_provisional",
    "one row per provisional enrolment (registered in cakupan, not yet confirmed by an extract)",
    """
    SELECT CAST(r.nik AS STRING) AS nik,
           CAST(upper(trim(r.segmen)) AS STRING) AS segment,
           CAST(r.program AS STRING) AS program,
           CAST(r.paid_through AS DATE) AS paid_through
    FROM raw_provisional r
    """,
    (NotNull("nik", "segment"), _same_count("raw_provisional")),
)

STAGING: list[Step] = [
    STG_TOMBSTONES, STG_OVERRIDES, STG_POPULATION, STG_MEMBERS, STG_ROSTERS, STG_OCCUPATIONS, STG_STATUS_RULES, STG_AREAS, STG_PROVISIONAL,
]
