"""Marts: member status, person status and coverage (docs/contracts.md "Product rules").

Rules (domain.md, how cakupan reads them):
- a member record is active on D iff its STATUS is not an explicit non-active status and the
  months behind (month of D minus the paid-through month) are within the segment's grace
  (cakupan/reference/status_rules.csv; BPU 3 months: Permenaker 5/2021);
- a person is linked when a link names them (links.person_nik); active if any linked record is;
- workforce: resident of the region, aged >= 15 on D, working occupation, not excluded
  (occupation PNS/TNI/Polri, or on the ASN roster);
- ecosystem: roster kind wins (perangkat_desa -> desa), else the occupation mapping's;
- lapse (one home for the rule): the deciding record's months behind, and its lapse month — the
  first month it is no longer active, paid-through month + grace + 1 (outreach reads both).

Codes come from the declared vocabulary (`cakupan.core.vocab`); priorities are rules, stated here.
"""
from __future__ import annotations

from cakupan.core.vocab import ECOSYSTEM_DEFAULT, LINK_METHODS, SEGMENT_NONE, STATUSES

from .steps import Accounted, AcceptedValues, NotNull, Step, Unique

NONACTIVE_STATUSES = ("NON AKTIF", "NONAKTIF", "KELUAR", "MENINGGAL", "BERHENTI")
SEGMENT_PRIORITY = {"PU": 1, "JAKON": 2, "PMI": 3, "BPU": 4}
ROSTER_PRIORITY = ("opd", "padat_karya", "pasar", "umkm", "guru", "perangkat_desa")
AGE_BANDS = ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+")

_nonactive = ", ".join(f"'{s}'" for s in NONACTIVE_STATUSES)
_seg_rank = " ".join(f"WHEN '{s}' THEN {r}" for s, r in SEGMENT_PRIORITY.items())
_roster_rank = " ".join(f"WHEN '{k}' THEN {i + 1}" for i, k in enumerate(ROSTER_PRIORITY))
_age_band = " ".join(
    f"WHEN age < {lo + 5} THEN '{lo}-{lo + 4}'" for lo in range(15, 65, 5)
)

LINK_CHECKS = {
    "links": (
        Unique("member_key"),
        NotNull("member_key", "method"),
        AcceptedValues("method", LINK_METHODS.codes),
        Accounted("one link row per member", "SELECT count(*) FROM {t}", "SELECT count(*) FROM stg_members"),
    ),
    "review_queue": (NotNull("member_key", "candidate_nik"),),
}

INT_MEMBER_STATUS = Step(
    "int_member_status",
    "one row per member record linked to a population person",
    """
    SELECT l.member_key, l.kpj, l.person_nik, l.method AS link_method, m.segment, m.status,
           m.iuran_terakhir, m.tanggal_kepesertaan,
           {months_behind} AS months_behind,
           {member_active} AS is_active
    FROM links l
    JOIN stg_members m ON m.member_key = l.member_key
    LEFT JOIN stg_status_rules r ON r.segment = m.segment
    WHERE l.person_nik IS NOT NULL
    """,
    (
        Unique("member_key"),
        NotNull("person_nik", "is_active"),
        Accounted(
            "every linked record",
            "SELECT count(*) FROM {t}",
            "SELECT count(*) FROM links WHERE person_nik IS NOT NULL",
        ),
    ),
)

INT_PERSON_MEMBERSHIP = Step(
    "int_person_membership",
    "one row per linked person: the record that decides status and segment",
    """
    SELECT person_nik, member_key, kpj, link_method, segment, iuran_terakhir, is_active, n_records
    FROM (
      SELECT s.*, count(*) OVER (PARTITION BY person_nik) AS n_records,
             row_number() OVER (
               PARTITION BY person_nik
               ORDER BY CASE WHEN is_active THEN 0 ELSE 1 END,
                        CASE WHEN is_active THEN (CASE segment {seg_rank} ELSE 9 END) ELSE 0 END,
                        iuran_terakhir DESC NULLS LAST, tanggal_kepesertaan DESC NULLS LAST, member_key
             ) AS pick
      FROM int_member_status s
    ) ranked
    WHERE pick = 1
    """,
    (Unique("person_nik"), NotNull("person_nik", "member_key")),
)

INT_ROSTER_PERSON = Step(
    "int_roster_person",
    "one row per NIK on any roster: its ecosystem (roster priority) and whether it is ASN",
    """
    SELECT nik,
           max(CASE WHEN roster_kind = 'asn' THEN 1 ELSE 0 END) = 1 AS is_asn,
           min(CASE roster_kind {roster_rank} ELSE 99 END) AS roster_rank
    FROM stg_rosters
    WHERE nik_valid AND nik IS NOT NULL
    GROUP BY nik
    """,
    (Unique("nik"),),
)

INT_PROVISIONAL = Step(
    "int_provisional",
    "one row per NIK with a provisional enrolment: active on D by the paid-through rule of its segment",
    """
    SELECT p.nik, min(p.segment) AS segment, max(p.paid_through) AS paid_through,
           max(CASE WHEN p.paid_through IS NOT NULL AND r.grace_months IS NOT NULL
                     AND {prov_months_behind} <= r.grace_months THEN 1 ELSE 0 END) = 1 AS is_active
    FROM stg_provisional p
    LEFT JOIN stg_status_rules r ON r.segment = p.segment
    GROUP BY p.nik
    """,
    (Unique("nik"), NotNull("nik", "is_active")),
)

PERSON_STATUS = Step(
    "person_status",
    "one row per population person (NIK): workforce membership, ecosystem and member status on D, "
    "with the deciding record's months behind and lapse month",
    """
    WITH base AS (
      SELECT p.*,
             year({as_of}) - year(p.tanggal_lahir)
               - CASE WHEN month({as_of}) < month(p.tanggal_lahir)
                        OR (month({as_of}) = month(p.tanggal_lahir) AND day({as_of}) < day(p.tanggal_lahir))
                      THEN 1 ELSE 0 END AS age
      FROM stg_population p
    ),
    person AS (
    SELECT b.nik, b.nama, b.jenis_kelamin AS sex, b.tanggal_lahir AS birth_date, b.age,
           CASE WHEN b.age IS NULL OR b.age < 15 THEN NULL WHEN b.age >= 65 THEN '65+'
                {age_band} END AS age_band,
           substring(b.kode_wilayah, 1, 5) AS kabupaten_code,
           substring(b.kode_wilayah, 1, 8) AS kapanewon_code,
           b.kode_wilayah AS kalurahan_code,
           coalesce(b.padukuhan_code, concat(b.kode_wilayah, '.tanpa-padukuhan')) AS padukuhan_code,
           b.pekerjaan_kode,
           CASE WHEN a.code IS NULL THEN 'outside_region'
                WHEN b.age IS NULL THEN 'age_unknown'
                WHEN b.age < 15 THEN 'under_15'
                WHEN o.code IS NULL THEN 'occupation_unknown'
                WHEN o.excluded THEN coalesce(nullif(o.exclusion_reason, ''), 'occupation_excluded')
                WHEN r.is_asn THEN 'asn'
                WHEN NOT o.in_workforce THEN 'not_working'
                ELSE NULL END AS excluded_reason,
           coalesce(a.code IS NOT NULL AND b.age >= 15 AND o.code IS NOT NULL AND NOT o.excluded
                    AND NOT coalesce(r.is_asn, FALSE) AND o.in_workforce, FALSE) AS in_workforce,
           CASE r.roster_rank {roster_eco}
                ELSE coalesce(nullif(o.ecosystem, ''), '{ecosystem_default}') END AS ecosystem,
           CASE WHEN coalesce(m.is_active, FALSE) THEN 'active'
                WHEN coalesce(pv.is_active, FALSE) THEN 'active'
                WHEN m.person_nik IS NULL THEN 'none'
                ELSE 'nonactive' END AS status,
           CASE WHEN NOT coalesce(m.is_active, FALSE) AND coalesce(pv.is_active, FALSE) THEN pv.segment
                ELSE coalesce(m.segment, '{segment_none}') END AS segment,
           coalesce(m.kpj, '') AS kpj,
           CASE WHEN NOT coalesce(m.is_active, FALSE) AND coalesce(pv.is_active, FALSE) THEN pv.paid_through
                ELSE m.iuran_terakhir END AS paid_through,
           CASE WHEN NOT coalesce(m.is_active, FALSE) AND coalesce(pv.is_active, FALSE) THEN 'provisional'
                ELSE coalesce(m.link_method, '') END AS link_method,
           coalesce(m.n_records, 0) AS member_records
    FROM base b
    LEFT JOIN stg_areas a ON a.code = b.kode_wilayah AND a.kind = 'kalurahan'
    LEFT JOIN stg_occupations o ON o.code = b.pekerjaan_kode
    LEFT JOIN int_roster_person r ON r.nik = b.nik
    LEFT JOIN int_person_membership m ON m.person_nik = b.nik
    LEFT JOIN int_provisional pv ON pv.nik = b.nik
    )
    SELECT s.*,
           CAST({ps_months_behind} AS INT) AS months_behind,
           CASE WHEN s.paid_through IS NULL OR g.grace_months IS NULL THEN NULL
                ELSE {ps_lapse_month} END AS lapse_month
    FROM person s
    LEFT JOIN stg_status_rules g ON g.segment = s.segment
    """,
    (
        Unique("nik", via="stg_population"),   # every join below is on a unique key
        NotNull("nik", "status", "segment", "ecosystem", "in_workforce"),
        Accounted(
            "in_workforce iff not excluded",
            "SELECT count(*) FROM {t} WHERE in_workforce",
            "SELECT count(*) FROM {t} WHERE excluded_reason IS NULL",
        ),
        AcceptedValues("status", STATUSES.codes),
        Accounted("one row per population person", "SELECT count(*) FROM {t}", "SELECT count(*) FROM stg_population"),
    ),
    materialize="file",  # ~1 M rows for Bantul: streamed to Parquet, not held in memory
)

COVERAGE = Step(
    "coverage",
    "one row per padukuhan x ecosystem x segment x sex x age band (workforce persons only); `provisional`: "
    "the active persons active only through an enrolment registered in cakupan, not yet in an extract",
    """
    SELECT kabupaten_code, kapanewon_code, kalurahan_code, padukuhan_code, ecosystem, segment,
           sex, age_band,
           CAST(count(*) AS BIGINT) AS workforce,
           CAST(sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS BIGINT) AS active,
           CAST(sum(CASE WHEN status = 'nonactive' THEN 1 ELSE 0 END) AS BIGINT) AS nonactive,
           CAST(sum(CASE WHEN status = 'active' AND link_method = 'provisional' THEN 1 ELSE 0 END) AS BIGINT)
             AS provisional
    FROM person_status
    WHERE excluded_reason IS NULL
    GROUP BY kabupaten_code, kapanewon_code, kalurahan_code, padukuhan_code, ecosystem, segment, sex, age_band
    """,
    (
        Unique("padukuhan_code", "ecosystem", "segment", "sex", "age_band"),
        NotNull("kalurahan_code", "padukuhan_code", "ecosystem", "segment", "age_band"),
        Accounted(
            "workforce",
            "SELECT sum(workforce) FROM {t}",
            "SELECT count(*) FROM person_status WHERE excluded_reason IS NULL",
        ),
        Accounted(
            "active",
            "SELECT coalesce(sum(active), 0) FROM {t}",
            "SELECT count(*) FROM person_status WHERE excluded_reason IS NULL AND status = 'active'",
        ),
        Accounted(
            "provisional",
            "SELECT coalesce(sum(provisional), 0) FROM {t}",
            "SELECT count(*) FROM person_status WHERE excluded_reason IS NULL AND status = 'active' "
            "AND link_method = 'provisional'",
        ),
    ),
)

MARTS: list[Step] = [
    INT_MEMBER_STATUS, INT_PERSON_MEMBERSHIP, INT_ROSTER_PERSON, INT_PROVISIONAL, PERSON_STATUS, COVERAGE,
]


# The member-record active rule (docs/contracts.md "Product rules"), over a member record `m`
# joined to its segment's status rule `r`; used by int_member_status and roster_status.
MEMBER_ACTIVE = """CASE WHEN m.status IN ({nonactive}) THEN FALSE
                WHEN m.iuran_terakhir IS NULL OR r.grace_months IS NULL THEN FALSE
                WHEN {months_behind} <= r.grace_months THEN TRUE
                ELSE FALSE END"""


def mart_context(engine, *, as_of: str) -> dict[str, str]:
    """Placeholders for the mart SQL; the engine supplies the dialect-specific pieces."""
    as_of_sql = f"DATE '{as_of}'"
    roster_eco = " ".join(
        f"WHEN {i + 1} THEN '{'desa' if k == 'perangkat_desa' else k}'" for i, k in enumerate(ROSTER_PRIORITY)
    )

    def months_behind(paid_through: str) -> str:
        """The one definition of months behind: month of D minus the paid-through month."""
        return engine.months_between_sql(as_of_sql, paid_through)

    return {
        "as_of": as_of_sql,
        "months_behind": months_behind("m.iuran_terakhir"),
        "prov_months_behind": months_behind("p.paid_through"),
        "ps_months_behind": months_behind("s.paid_through"),
        # the first month no longer active: paid-through month + grace + 1
        "ps_lapse_month": engine.month_start_plus_sql("s.paid_through", "g.grace_months + 1"),
        "member_active": MEMBER_ACTIVE.format(nonactive=_nonactive, months_behind=months_behind("m.iuran_terakhir")),
        "segment_none": SEGMENT_NONE,
        "ecosystem_default": ECOSYSTEM_DEFAULT,
        "nonactive": _nonactive,
        "seg_rank": _seg_rank,
        "roster_rank": _roster_rank,
        "roster_eco": roster_eco,
        "age_band": _age_band,
    }
