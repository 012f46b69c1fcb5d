"""Duties under UU 27/2022 on Personal Data Protection (PDP) that need code:

- right of access (art. 7): `person_data_report` gathers everything cakupan holds about one NIK —
  population and member snapshot rows, roster rows (the snapshots are the held data themselves,
  read from their Parquet), the latest published status and links (from the database) — and the
  request itself is audited;
- storage limitation and deletion at the end of retention (art. 16 (2) h, art. 43): `runs_prune`
  keeps person-level results only for the newest runs (persons, review items, roster status,
  member links and the run's person-level files); aggregates (CoverageFact, CoverageHistory)
  carry no personal data and stay, so trends survive the pruning.

    report = person_data_report(nik="3402014501900001", user=officer)
    runs_prune(keep=3)   # PruneReport(runs_pruned=..., persons_deleted=..., ...)
"""
from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import transaction

from cakupan.accounts.scope import audit_record
from cakupan.compliance.models import RosterStatus
from cakupan.coverage.models import PersonStatus
from cakupan.coverage.selectors import run_latest, runs_done
from cakupan.errors import UserError
from cakupan.linkage.models import MemberLink, ReviewItem
from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import snapshot_path

log = logging.getLogger(__name__)
PERSON_FILES = ("person_status.parquet", "links.parquet", "review.parquet", "roster_status.parquet")
LINK_FIELDS = ("member_key", "kpj", "person_nik", "method", "match_probability", "reasons")


def _as_text(row: dict) -> dict:
    return {k: (str(v) if v is not None else None) for k, v in row.items()}


def _rows(path: Path, where: str, params: list) -> list[dict]:
    """Rows of a registry snapshot (the held data itself)."""
    if not path.exists():
        return []
    with duckdb.connect() as con:
        rel = con.execute(f"SELECT * FROM read_parquet(?) WHERE {where}", [str(path), *params])
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, (str(v) if v is not None else None for v in r))) for r in rel.fetchall()]


def person_data_report(*, nik: str, user=None) -> dict:
    """Everything held about one person, by source (a subject access request)."""
    nik = (nik or "").strip()
    if not (nik.isdigit() and len(nik) == 16):  # any 16 digits: a wrong NIK may be held too
        raise UserError("NIK harus 16 digit.", code="pdp.nik")
    report: dict[str, list] = {"population": [], "members": [], "rosters": [], "status": [], "links": []}
    for snap in Snapshot.objects.order_by("kind", "-as_of", "-id"):
        rows = _rows(snapshot_path(snap), "nik = ?", [nik])
        key = {"population": "population", "members": "members"}.get(snap.kind, "rosters")
        report[key] += [{"snapshot": snap.id, "as_of": str(snap.as_of), **r} for r in rows]
    run = run_latest()
    if run is not None:
        report["status"] = list(PersonStatus.objects.filter(run=run, nik=nik).values(
            "nama", "kalurahan_code", "ecosystem", "status", "segment", "kpj", "link_method"))
        links = MemberLink.objects.filter(run=run, person_nik=nik).order_by("id").values(*LINK_FIELDS)
        report["links"] = [_as_text(r) for r in links]
    from cakupan.outreach.selectors import person_data

    report.update(person_data(nik=nik))
    audit_record(user=user, action="pdp_access_report", scope=f"nik {nik[:4]}…{nik[-4:]}",
                 rows=sum(len(v) for v in report.values()), detail={"sources": {k: len(v) for k, v in report.items()}})
    return report


@dataclass(frozen=True)
class PruneReport:
    runs_pruned: int
    persons_deleted: int
    review_items_deleted: int
    files_deleted: int


@transaction.atomic
def runs_prune(*, keep: int, user=None) -> PruneReport:
    """Delete person-level results of every run but the newest `keep` DONE runs."""
    if keep < 1:
        raise UserError("Simpan paling sedikit 1 proses terbaru.", code="pdp.keep")
    done = runs_done(limit=None)
    old = [r for r in done[keep:]]
    persons = PersonStatus.objects.filter(run__in=old).delete()[0]
    reviews = ReviewItem.objects.filter(run__in=old).delete()[0]
    rosters = RosterStatus.objects.filter(run__in=old).delete()[0]
    links = MemberLink.objects.filter(run__in=old).delete()[0]
    files = 0
    for run in old:
        run_dir = Path(settings.CAKUPAN_HOME) / run.run_dir if run.run_dir else None
        for name in PERSON_FILES if run_dir else ():
            if (run_dir / name).exists():
                (run_dir / name).unlink()
                files += 1
        if run_dir and (run_dir / "inputs").exists():
            shutil.rmtree(run_dir / "inputs")
            files += 1
    audit_record(user=user, action="pdp_retention_prune", scope="semua wilayah", rows=persons,
                 detail={"runs": [r.id for r in old], "review_items": reviews, "roster_rows": rosters,
                         "member_links": links, "files": files})
    return PruneReport(len(old), persons, reviews, files)
