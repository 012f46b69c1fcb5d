"""Compliance reads: roster rows checked against membership (the run's published RosterStatus),
filtered by the user's scope (cakupan.accounts.scope.Scope.roster_q):
- area operators (kapanewon/kalurahan) see the rows of their area (perangkat desa of their
  kalurahan, padat karya sites in it, ...);
- a mitra sees its own organisation's roster (e.g. one OPD) and the rosters of its ecosystems;
- pimpinan sees aggregates only; admin, analis and kepatuhan see everything.

    compliance_overview(run=run, scope=Scope(role="kepatuhan"))   # [ComplianceRow("opd", 2000, ...), ...]
    compliance_groups(run=run, scope=scope, roster_kind="perangkat_desa")   # worst first
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import lazy

from cakupan.accounts.scope import Scope
from cakupan.core.labels import roster_kind_name

from .models import RosterStatus

# the rosters checked against members (the ASN roster only excludes people from the workforce),
# in the order the pages list them; labels from the vocabulary, in the reader's language
KINDS = {k: lazy(roster_kind_name, str)(k) for k in ("opd", "padat_karya", "perangkat_desa", "pasar", "umkm", "guru")}
GROUP_COLUMN = {"padat_karya": "project_code", "perangkat_desa": "kode_wilayah"}
ECOSYSTEM_OF_KIND = {k: {"perangkat_desa": "desa"}.get(k, k) for k in KINDS}
PEOPLE_COLUMNS = ["nik", "nama", "jabatan", "org", "project_code", "kode_wilayah", "status", "segment", "kpj",
                  "in_population"]


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


def _rows(run, scope: Scope):
    if run is None:
        return RosterStatus.objects.none()
    return RosterStatus.objects.filter(run=run).filter(scope.roster_q(ecosystem_of_kind=ECOSYSTEM_OF_KIND))


def _counted(qs, col: str) -> list[ComplianceRow]:
    agg = qs.values(col).order_by().annotate(
        workers=Count("id"), active=Count("id", filter=Q(status="active")),
        nonactive=Count("id", filter=Q(status="nonactive")), none=Count("id", filter=Q(status="none")))
    return [ComplianceRow(r[col], r["workers"], r["active"], r["nonactive"], r["none"]) for r in agg]


def _text_key(value) -> tuple:
    """Code-point order with NULLs last, whatever the database's collation."""
    return (value is None, value or "")


def compliance_overview(*, run, scope: Scope) -> list[ComplianceRow]:
    """One row per roster kind in scope."""
    return sorted(_counted(_rows(run, scope), "roster_kind"), key=lambda r: _text_key(r.key))


def compliance_groups(*, run, scope: Scope, roster_kind: str) -> list[ComplianceRow]:
    """One row per organisation (OPD, pasar, school), padat karya site or kalurahan; worst first."""
    col = GROUP_COLUMN.get(roster_kind, "org")
    rows = sorted(_counted(_rows(run, scope).filter(roster_kind=roster_kind), col),
                  key=lambda r: (r.active * 1.0 / r.workers, *_text_key(r.key)))
    return [ComplianceRow(r.key or "", r.workers, r.active, r.nonactive, r.none) for r in rows]


def compliance_people(*, run, scope: Scope, roster_kind: str, group: str, status: str = "") -> list[dict]:
    """Person rows of one group (NIK unmasked here: the caller masks and audits)."""
    if not scope.can_see_persons:
        return []
    col = GROUP_COLUMN.get(roster_kind, "org")
    qs = _rows(run, scope).filter(roster_kind=roster_kind, **{col: group})
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.order_by("id").values(*PEOPLE_COLUMNS))
    # status descending, then name (code-point order, NULLs last, as the mart's own SQL sorted)
    rows.sort(key=lambda r: _text_key(r["nama"]))
    rows.sort(key=lambda r: _text_key(r["status"]), reverse=True)
    return rows
