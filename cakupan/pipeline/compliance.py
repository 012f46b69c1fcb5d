"""Compliance mart: every roster row (OPD non-ASN, padat karya, pasar, UMKM, guru, perangkat
desa) with its membership status on D — the compliance team's question "is everyone on this list
an ACTIVE participant?" (Inpres 2/2021: regional governments ensure non-ASN workers, village
apparatus and padat karya crews are active participants; UU 3/2024 Desa for perangkat desa).

A roster person found in the population takes the person's status (linkage included); one who is
not a resident (e.g. an OPD worker living in Kota Yogyakarta) is checked against member records by
exact, valid NIK with the same paid-through rule.
"""
from __future__ import annotations

from cakupan.core.vocab import STATUSES

from .steps import Accounted, AcceptedValues, NotNull, Step, Unique

ROSTER_STATUS = Step(
    "roster_status",
    "one row per roster row (roster_kind x source_row), except the ASN list",
    """
    WITH direct AS (
      SELECT nik,
             max(CASE WHEN is_active THEN 1 ELSE 0 END) AS any_active,
             min(segment) AS segment, min(kpj) AS kpj
      FROM (
        SELECT m.nik, m.segment, m.kpj,
               {member_active} AS is_active
        FROM stg_members m
        LEFT JOIN stg_status_rules r ON r.segment = m.segment
        -- only the NIKs some roster names (all members' would be aggregated for nothing)
        SEMI JOIN (SELECT nik FROM stg_rosters WHERE nik_valid) ro ON ro.nik = m.nik
        WHERE m.nik_valid AND m.nik IS NOT NULL
      ) s
      GROUP BY nik
    )
    SELECT ro.roster_kind, ro.source_row, ro.member_key AS roster_key, ro.nik, ro.nik_valid,
           ro.nama, coalesce(ro.org, '') AS org, coalesce(ro.jabatan, '') AS jabatan,
           coalesce(ro.project_code, '') AS project_code,
           coalesce(ro.kode_wilayah, p.kalurahan_code, '') AS kode_wilayah,
           ro.start_date, ro.end_date,
           CASE WHEN p.nik IS NULL THEN FALSE ELSE TRUE END AS in_population,
           CASE WHEN p.nik IS NOT NULL THEN p.status
                WHEN d.nik IS NULL THEN 'none'
                WHEN d.any_active = 1 THEN 'active' ELSE 'nonactive' END AS status,
           CASE WHEN p.nik IS NOT NULL THEN p.segment ELSE coalesce(d.segment, '{segment_none}') END AS segment,
           CASE WHEN p.nik IS NOT NULL THEN p.kpj ELSE coalesce(d.kpj, '') END AS kpj
    FROM stg_rosters ro
    LEFT JOIN person_status p ON ro.nik_valid AND p.nik = ro.nik
    LEFT JOIN direct d ON ro.nik_valid AND d.nik = ro.nik
    WHERE ro.roster_kind <> 'asn'
    """,
    (
        Unique("roster_kind", "source_row"),
        NotNull("roster_kind", "status"),
        AcceptedValues("status", STATUSES.codes),
        Accounted(
            "one row per roster row",
            "SELECT count(*) FROM {t}",
            "SELECT count(*) FROM stg_rosters WHERE roster_kind <> 'asn'",
        ),
    ),
)
