"""Worklist writes: make (rank the uncovered and non-active), assign, record one outcome. The checks
before making a list (`worklist_checks`) serve lapse worklists too (services/lapse.py)."""
from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from cakupan.accounts.scope import Scope, audit_record
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import run_latest
from cakupan.core.labels import ecosystem_name
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_name

from ..models import Enrolment, Outcome, Partner, Worklist, WorklistItem
from . import ranking
from .partners import partner_covers_area

log = logging.getLogger(__name__)
ITEM_STATUSES = ("nonactive", "none")


def _outcome_rows() -> list[tuple]:
    """Outcomes of enrolment worklists (a lapse worklist's outcomes say nothing about enrolling)."""
    return list(
        WorklistItem.objects.filter(worklist__kind=Worklist.Kind.ENROL).exclude(outcome="")
        .values_list("ecosystem", "age", "status", "outcome")
    )


def worklist_candidates(*, run: CoverageRun, scope: Scope, area_code: str, ecosystems: list[str]):
    """PersonStatus rows a worklist may hold: uncovered or non-active, inside area and scope."""
    qs = PersonStatus.objects.filter(run=run, status__in=ITEM_STATUSES)
    qs = scope.filter_persons(qs).filter(
        Scope(role="admin", area_code=area_code).area_q("padukuhan_code")
    )
    if ecosystems:
        qs = qs.filter(ecosystem__in=ecosystems)
    return qs.exclude(nik__in=pending_niks())


def rank_persons(persons, *, as_of: date, model: ranking.LikelihoodModel | None) -> list[dict]:
    """Score and order PersonStatus rows; returns item field dicts in rank order (1-based)."""
    rows = []
    for p in persons:
        parts = ranking.score_parts(status=p.status, ecosystem=p.ecosystem, age=p.age,
                                    paid_through=p.paid_through, as_of=as_of)
        like = model.p(ecosystem=p.ecosystem, age=p.age, status=p.status) if model else None
        rows.append(dict(
            nik=p.nik, nama=p.nama, sex=p.sex, age=p.age, kalurahan_code=p.kalurahan_code,
            padukuhan_code=p.padukuhan_code, ecosystem=p.ecosystem, status=p.status,
            segment=p.segment, kpj=p.kpj, paid_through=p.paid_through,
            score=sum(parts.values()), score_parts=parts, likelihood=like,
        ))
    rows.sort(key=lambda r: ranking.sort_key(status=r["status"], score=r["score"], likelihood=r["likelihood"], nik=r["nik"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return rows


def worklist_checks(*, partner: Partner, area_code: str, scope: Scope, ecosystem: str = "",
                    run: CoverageRun | None = None) -> tuple[CoverageRun, str, list[str]]:
    """The checks every worklist passes before it is made (enrolment and lapse alike): a published
    run exists, the role may see persons, the area lies inside the scope, the partner works the area
    and the ecosystem; a mitra's list is for one of its ecosystems. Returns (run, ecosystem, the
    ecosystems the list holds: [ecosystem], or the partner's, [] = every ecosystem)."""
    run = run or run_latest()
    if run is None:
        raise UserError("Belum ada hasil cakupan; jalankan penghitungan cakupan dulu.", code="worklist.no_run")
    if not scope.can_see_persons:
        raise UserError("Peran Anda tidak boleh melihat daftar orang.", code="worklist.forbidden")
    if not scope.area_allowed(area_code) or (scope.area_code and len(area_code) < len(scope.area_code)):
        raise UserError(f"Wilayah {area_name(area_code)} di luar wilayah Anda.", code="worklist.scope")
    if not partner_covers_area(partner, area_code):
        raise UserError(f"Mitra {partner.name} tidak bekerja di wilayah {area_name(area_code)}; pilih mitra yang "
                        "bekerja di wilayah itu, atau tambahkan wilayah itu ke mitra.", code="worklist.partner_area")
    if ecosystem and partner.ecosystems and ecosystem not in partner.ecosystems:
        raise UserError(f"Mitra {partner.name} tidak bekerja di ekosistem {ecosystem_name(ecosystem)}.",
                        code="worklist.partner_ecosystem")
    if scope.role == "mitra" and not ecosystem:  # a mitra's lists are visible by their ecosystem
        if len(scope.ecosystems) != 1:
            raise UserError("Pilih satu ekosistem untuk daftar kerja mitra.", code="worklist.mitra_ecosystem")
        ecosystem = scope.ecosystems[0]
    return run, ecosystem, [ecosystem] if ecosystem else list(partner.ecosystems)


def pending_niks():
    """NIKs with a provisional enrolment (already being handled): a subquery."""
    return Enrolment.objects.filter(status=Enrolment.Status.PROVISIONAL).values_list("nik", flat=True)


@transaction.atomic
def worklist_make(*, partner: Partner, area_code: str, scope: Scope, user=None, ecosystem: str = "",
                  by_padukuhan: bool = False, name: str = "", limit: int | None = None,
                  run: CoverageRun | None = None) -> Worklist:
    run, ecosystem, ecosystems = worklist_checks(partner=partner, area_code=area_code, scope=scope,
                                                 ecosystem=ecosystem, run=run)
    persons = worklist_candidates(run=run, scope=scope, area_code=area_code, ecosystems=ecosystems)
    return worklist_save_ranked(
        partner=partner, run=run, area_code=area_code, ecosystem=ecosystem, persons=persons, scope=scope, user=user,
        by_padukuhan=by_padukuhan, limit=limit,
        name=name or f"{partner.name} — {area_name(area_code)}{' · ' + ecosystem_name(ecosystem) if ecosystem else ''}",
        empty=f"Tidak ada pekerja belum terlindungi atau nonaktif di {area_name(area_code)}.")


def worklist_save_ranked(*, partner: Partner, run: CoverageRun, area_code: str, ecosystem: str, persons, scope: Scope,
                         user, name: str, empty: str, by_padukuhan: bool = False, limit: int | None = None,
                         detail: dict | None = None) -> Worklist:
    """Rank `persons` (PersonStatus rows already checked and scoped by the caller) and save them as
    an enrolment worklist, audited; UserError `empty` when nobody is left. Shared by worklist_make
    and school_worklist_make (services/school_worklists.py)."""
    model = ranking.likelihood_fit(_outcome_rows())
    rows = rank_persons(persons, as_of=run.as_of, model=model)
    if limit:
        rows = rows[:limit]
    if not rows:
        raise UserError(empty, code="worklist.empty")
    worklist = Worklist.objects.create(
        partner=partner, run=run, area_code=area_code, ecosystem=ecosystem, by_padukuhan=by_padukuhan, name=name[:200],
        ranking={"weights": ranking.WEIGHTS, "order": ["nonaktif dulu", "skor", "peluang"],
                 "likelihood": model.describe() if model else None},
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_by_name=getattr(user, "username", "") or "cli",
    )
    WorklistItem.objects.bulk_create([WorklistItem(worklist=worklist, **r) for r in rows], batch_size=2000)
    audit_record(user=user, action="make_worklist", scope=scope.label, rows=len(rows),
                 detail={"worklist": worklist.pk, "area": area_code, "ecosystem": ecosystem, **(detail or {})})
    log.info("worklist %s: %s items", worklist.pk, len(rows))
    return worklist


@transaction.atomic
def worklist_assign(*, worklist: Worklist, assigned_to: str, padukuhan_code: str = "",
                    item_ids: list[int] | None = None) -> int:
    """Assign items (all, one padukuhan's, or the given ids) to a field worker by name."""
    qs = worklist.items.all()
    if padukuhan_code:
        qs = qs.filter(padukuhan_code=padukuhan_code)
    if item_ids:
        qs = qs.filter(pk__in=item_ids)
    return qs.update(assigned_to=(assigned_to or "").strip())


# The outcomes a field worker may record, by worklist kind (the XLSX drop-down, in this order).
OUTCOMES_BY_KIND = {
    Worklist.Kind.ENROL: ["dihubungi", "terdaftar", "menolak", "tidak ditemukan", "pindah", "meninggal"],
    Worklist.Kind.LAPSE: ["dihubungi", "membayar", "terdaftar", "menolak", "tidak ditemukan", "pindah", "meninggal"],
}
_SYNONYMS = {"contacted": "dihubungi", "enrolled": "terdaftar", "refused": "menolak", "not found": "tidak ditemukan",
             "moved": "pindah", "deceased": "meninggal", "daftar": "terdaftar", "tdk ditemukan": "tidak ditemukan",
             "paid": "membayar", "bayar": "membayar", "sudah bayar": "membayar", "dibayar": "membayar",
             "lunas": "membayar"}


def outcomes_for(kind: str) -> list[str]:
    """The outcomes allowed on a worklist of this kind (enrol when unknown)."""
    return OUTCOMES_BY_KIND.get(kind, OUTCOMES_BY_KIND[Worklist.Kind.ENROL])


def outcome_normalise(value: object, *, kind: str | None = None) -> str | None:
    """An outcome as written by a field worker (Indonesian or English) -> Outcome value or None;
    with `kind`, None also for an outcome that does not belong to that kind of worklist."""
    text = " ".join(str(value or "").strip().lower().replace("_", " ").split())
    text = _SYNONYMS.get(text, text)
    allowed = outcomes_for(kind) if kind else Outcome.values
    return text if text in allowed else None


@transaction.atomic
def worklist_item_outcome_set(*, item: WorklistItem, outcome: str, on: date, note: str = "", by: str = "") -> bool:
    """Record one outcome; returns False when nothing changed (idempotent)."""
    kind = item.worklist.kind
    value = outcome_normalise(outcome, kind=kind)
    if value is None:
        raise UserError(f"Hasil '{str(outcome)[:40]}' tidak dikenal; pilih: {', '.join(outcomes_for(kind))}.",
                        code="outcome.invalid")
    if on > timezone.localdate():
        raise UserError("Tanggal hasil tidak boleh di masa depan.", code="outcome.future")
    note = (note or "").strip()[:500]
    if (item.outcome, item.outcome_date, item.note) == (value, on, note):
        return False
    item.outcome, item.outcome_date, item.note = value, on, note
    item.outcome_by, item.outcome_at = by, timezone.now()
    item.save(update_fields=["outcome", "outcome_date", "note", "outcome_by", "outcome_at"])
    return True
