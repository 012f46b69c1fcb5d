"""Compliance reads: roster rows checked against membership (the run's roster_status mart).

The mart is small (tens of thousands of rows) and lives beside the run's other marts as Parquet;
it is read with DuckDB on demand, filtered by the user's scope:
- area operators (kapanewon/kalurahan) see the rows of their area (perangkat desa of their
  kalurahan, padat karya sites in it, ...);
- a mitra sees its own organisation's roster (e.g. one OPD) and the rosters of its ecosystems;
- pimpinan sees aggregates only; admin, analis and kepatuhan see everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.scope import Scope

KINDS = {
    "opd": _("OPD: pegawai non-ASN dan mitra"),
    "padat_karya": _("Padat karya"),
    "perangkat_desa": _("Perangkat desa"),
    "pasar": _("Pedagang pasar"),
    "umkm": _("UMKM"),
    "guru": _("Guru honorer"),
}
GROUP_COLUMN = {"padat_karya": "project_code", "perangkat_desa": "kode_wilayah"}
ECOSYSTEM_OF_KIND = {"perangkat_desa": "desa"}


@dataclass(frozen=True)
class ComplianceRow:
    key: str  # roster kind, or the group (org / project code / kalurahan code)
    workers: int
    active: int
    nonactive: int
    none: int

    @property
    def pct(self) -> float:
        return round(100.0 * self.active / self.workers, 2) if self.workers else 0.0

    @property
    def compliant(self) -> bool:
        return self.workers > 0 and self.active == self.workers


def mart_path(run) -> Path | None:
    if run is None or not run.run_dir:
        return None
    path = Path(settings.CAKUPAN_HOME) / run.run_dir / "roster_status.parquet"
    if not path.exists():
        path = Path(run.run_dir) / "roster_status.parquet"
    return path if path.exists() else None


def _scope_sql(scope: Scope) -> tuple[str, list]:
    if scope.role in ("kapanewon", "kalurahan") and scope.area_code:
        return "(kode_wilayah = ? OR starts_with(kode_wilayah, ?))", [scope.area_code, scope.area_code + "."]
    if scope.role == "mitra":
        kinds = [k for k in KINDS if ECOSYSTEM_OF_KIND.get(k, k) in scope.ecosystems]
        marks = ", ".join("?" for _k in kinds) or "NULL"
        return f"(lower(org) = lower(?) OR roster_kind IN ({marks}))", [scope.org, *kinds]
    if scope.role in ("admin", "analis", "kepatuhan", "pimpinan"):
        return "TRUE", []
    return "FALSE", []


def _query(run, scope: Scope, select: str, where: str = "TRUE", params: list | None = None, tail: str = ""):
    path = mart_path(run)
    if path is None:
        return []
    scope_sql, scope_params = _scope_sql(scope)
    sql = f"SELECT {select} FROM read_parquet(?) WHERE {scope_sql} AND {where} {tail}"
    with duckdb.connect() as con:
        return con.execute(sql, [str(path), *scope_params, *(params or [])]).fetchall()


_COUNTS = (
    "count(*), count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'nonactive'),"
    " count(*) FILTER (WHERE status = 'none')"
)


def compliance_overview(*, run, scope: Scope) -> list[ComplianceRow]:
    """One row per roster kind in scope."""
    rows = _query(run, scope, f"roster_kind, {_COUNTS}", tail="GROUP BY roster_kind ORDER BY roster_kind")
    return [ComplianceRow(r[0], *r[1:]) for r in rows]


def compliance_groups(*, run, scope: Scope, roster_kind: str) -> list[ComplianceRow]:
    """One row per organisation (OPD, pasar, school), padat karya site or kalurahan; worst first."""
    col = GROUP_COLUMN.get(roster_kind, "org")
    rows = _query(run, scope, f"{col}, {_COUNTS}", "roster_kind = ?", [roster_kind],
                  f"GROUP BY {col} ORDER BY count(*) FILTER (WHERE status = 'active') * 1.0 / count(*), {col}")
    return [ComplianceRow(r[0] or "", *r[1:]) for r in rows]


def compliance_people(*, run, scope: Scope, roster_kind: str, group: str, status: str = "") -> list[dict]:
    """Person rows of one group (NIK unmasked here: the caller masks and audits)."""
    if not scope.can_see_persons:
        return []
    col = GROUP_COLUMN.get(roster_kind, "org")
    where, params = f"roster_kind = ? AND {col} = ?", [roster_kind, group]
    if status:
        where, params = where + " AND status = ?", params + [status]
    cols = ["nik", "nama", "jabatan", "org", "project_code", "kode_wilayah", "status", "segment", "kpj", "in_population"]
    rows = _query(run, scope, ", ".join(cols), where, params, "ORDER BY status DESC, nama")
    return [dict(zip(cols, r)) for r in rows]
