"""Lapse follow-up as work: a worklist (kind LAPSE) of the members of every segment who will become
non-active unless they pay (akan nonaktif) and of those who lapsed recently (baru nonaktif), for
the partner who works the area — made, checked, exported, filled and credited like an enrolment
worklist. The rules: cakupan/outreach/lapse_rules.py and docs/outreach.md."""
from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q

from cakupan.accounts.scope import Scope, audit_record
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.core.labels import ecosystem_name
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_name

from ..lapse_rules import MAX_SINCE, MAX_WITHIN, moved, recorded_paid_through
from ..models import Partner, Reason, Worklist, WorklistItem
from ..months import month_add, month_start, months_between
from .worklists import pending_niks, worklist_checks

log = logging.getLogger(__name__)
ORDER = ["batas bayar terdekat dulu (akan nonaktif)", "lalu baru nonaktif, yang terbaru dulu", "NIK"]


def lapse_candidates(*, run: CoverageRun, scope: Scope, area_code: str, ecosystems: list[str], within: int,
                     since: int) -> list[dict]:
    """Item field dicts in rank order (rank 1-based): active members whose (moved) lapse month is
    1..within months after the run's month, soonest first; then non-active members whose lapse
    month is 0..since-1 months before it (not those with a provisional enrolment), most recent
    first; ties by NIK. Persons read through the scope, inside the area and ecosystems."""
    month = month_start(run.as_of)
    qs = PersonStatus.objects.filter(run=run, paid_through__isnull=False, lapse_month__isnull=False)
    qs = scope.filter_persons(qs).filter(Scope(role="admin", area_code=area_code).area_q("padukuhan_code"))
    if ecosystems:
        qs = qs.filter(ecosystem__in=ecosystems)
    soon = Q(status="active", lapse_month__gt=month, lapse_month__lte=month_add(month, within))
    recent = Q(status="nonactive", lapse_month__gt=month_add(month, -since), lapse_month__lte=month) & ~Q(nik__in=pending_niks())
    qs = qs.filter(soon | recent) if since > 0 else qs.filter(soon)
    recorded = recorded_paid_through(qs.filter(status="active").values("nik"))
    rows = []
    for p in qs:
        paid, lapse = p.paid_through, p.lapse_month
        if p.status == "active":
            paid, lapse = moved(paid, lapse, recorded.get(p.nik))
            if not 1 <= months_between(month, lapse) <= within:
                continue
        reason = Reason.AKAN_NONAKTIF if p.status == "active" else Reason.BARU_NONAKTIF
        rows.append(dict(
            nik=p.nik, nama=p.nama, sex=p.sex, age=p.age, kalurahan_code=p.kalurahan_code,
            padukuhan_code=p.padukuhan_code, ecosystem=p.ecosystem, status=p.status, segment=p.segment, kpj=p.kpj,
            paid_through=paid, lapse_month=lapse, reason=str(reason), score=0, score_parts={}, likelihood=None,
        ))
    rows.sort(key=lambda r: (0, r["lapse_month"].toordinal(), r["nik"]) if r["reason"] == Reason.AKAN_NONAKTIF
              else (1, -r["lapse_month"].toordinal(), r["nik"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return rows


def check_bounds(*, within: int, since: int) -> None:
    if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= MAX_WITHIN:
        raise UserError(f"Jumlah bulan ke depan harus 1 sampai {MAX_WITHIN}.", code="lapse.within")
    if isinstance(since, bool) or not isinstance(since, int) or not 0 <= since <= MAX_SINCE:
        raise UserError(f"Jumlah bulan ke belakang (baru nonaktif) harus 0 sampai {MAX_SINCE}.", code="lapse.since")


@transaction.atomic
def lapse_worklist_make(*, partner: Partner, area_code: str, scope: Scope, user=None, within: int = 1,
                        lapsed_since_months: int = 2, ecosystem: str = "", by_padukuhan: bool = False,
                        name: str = "", run: CoverageRun | None = None) -> Worklist:
    """A lapse worklist for `partner` in `area_code` from the latest published run (or `run`):
    every segment, both reasons, ranked; the same scope and partner checks as `worklist_make`."""
    check_bounds(within=within, since=lapsed_since_months)
    run, ecosystem, ecosystems = worklist_checks(partner=partner, area_code=area_code, scope=scope,
                                                 ecosystem=ecosystem, run=run)
    rows = lapse_candidates(run=run, scope=scope, area_code=area_code, ecosystems=ecosystems, within=within,
                            since=lapsed_since_months)
    if not rows:
        raise UserError(f"Tidak ada peserta yang akan nonaktif dalam {within} bulan atau baru nonaktif dalam "
                        f"{lapsed_since_months} bulan terakhir di {area_name(area_code)}.", code="worklist.empty")
    worklist = Worklist.objects.create(
        kind=Worklist.Kind.LAPSE, partner=partner, run=run, area_code=area_code, ecosystem=ecosystem,
        by_padukuhan=by_padukuhan,
        name=name or f"Tindak lanjut nonaktif: {partner.name} — {area_name(area_code)}"
                     f"{' · ' + ecosystem_name(ecosystem) if ecosystem else ''}",
        ranking={"order": ORDER, "within": within, "lapsed_since_months": lapsed_since_months,
                 "month": f"{run.as_of:%Y-%m}"},
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_by_name=getattr(user, "username", "") or "cli",
    )
    WorklistItem.objects.bulk_create([WorklistItem(worklist=worklist, **r) for r in rows], batch_size=2000)
    audit_record(user=user, action="make_worklist", scope=scope.label, rows=len(rows),
                 detail={"worklist": worklist.pk, "kind": "lapse", "area": area_code, "ecosystem": ecosystem,
                         "within": within, "lapsed_since_months": lapsed_since_months})
    log.info("lapse worklist %s: %s items", worklist.pk, len(rows))
    return worklist
