"""Clerical review of uncertain links: the queue (scoped) and decisions. A decision is keyed by
(member_key, candidate_nik), so it outlives the run; the pipeline reads all decisions back
(as decisions.parquet) and applies them on the next run."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from cakupan.accounts.models import Role
from cakupan.accounts.scope import Scope, audit_record, mask_nik, scope_for
from cakupan.coverage.models import CoverageRun
from cakupan.errors import UserError

from .models import ReviewDecision, ReviewItem

log = logging.getLogger(__name__)

REVIEW_ROLES = {Role.ADMIN, Role.ANALIS, Role.KEPATUHAN, Role.KAPANEWON, Role.KALURAHAN}


@dataclass(frozen=True)
class QueueEntry:
    item: ReviewItem
    decision: ReviewDecision | None
    member: dict
    candidate: dict

    @property
    def pct(self) -> float:
        """Match probability in percent (the item holds 0..1)."""
        return round(100.0 * self.item.match_probability, 1)

    @property
    def reasons(self) -> str:
        """The reasons in the active language (written in Indonesian by the pipeline)."""
        from django.utils import translation

        from .reasons_en import reasons_english

        text = self.item.reasons or ""
        return reasons_english(text) if (translation.get_language() or "id").startswith("en") else text


def _require_reviewer(scope: Scope) -> None:
    if scope.role not in REVIEW_ROLES:
        raise PermissionDenied("Peran ini tidak meninjau padanan.")


def _masked(record: dict, scope: Scope) -> dict:
    out = dict(record or {})
    if not scope.sees_full_nik and out.get("nik"):
        out["nik"] = mask_nik(str(out["nik"]))
    return out


def review_queue(*, scope: Scope, run: CoverageRun, pending_only: bool = True) -> list[QueueEntry]:
    """Review items of a run inside the user's area scope, with any decision already taken."""
    _require_reviewer(scope)
    items = ReviewItem.objects.filter(run=run).filter(scope.area_q("kalurahan_code")).order_by(
        "-match_probability", "member_key", "id"
    )
    decisions = {
        (d.member_key, d.candidate_nik): d
        for d in ReviewDecision.objects.filter(member_key__in=items.values("member_key"))
    }
    out = []
    for item in items:
        decision = decisions.get((item.member_key, item.candidate_nik))
        if pending_only and decision is not None:
            continue
        member = _masked(item.member, scope)
        candidate = _masked(item.candidate, scope)
        out.append(QueueEntry(item=item, decision=decision, member=member, candidate=candidate))
    return out


def access_review_item(*, scope: Scope, item_id: int) -> ReviewItem:
    """One review item, only when it lies inside the user's scope."""
    _require_reviewer(scope)
    item = ReviewItem.objects.filter(pk=item_id).filter(scope.area_q("kalurahan_code")).first()
    if item is None:
        raise Http404("Butir tinjauan tidak ditemukan atau di luar cakupan Anda.")
    return item


@transaction.atomic
def review_decide(*, user, item_id: int, decision: str, note: str = "") -> ReviewDecision:
    """Record accept/reject for one (member record, candidate person) pair; re-deciding overwrites."""
    if decision not in ReviewDecision.Decision.values:
        raise UserError("Keputusan harus 'accept' (terima) atau 'reject' (tolak).", code="review.decision")
    scope = scope_for(user)
    item = access_review_item(scope=scope, item_id=item_id)
    obj, _ = ReviewDecision.objects.update_or_create(
        member_key=item.member_key,
        candidate_nik=item.candidate_nik,
        defaults={"decision": decision, "note": (note or "").replace("\x00", "")[:2000], "decided_by": user},
    )
    audit_record(
        user=user, action="review_decide", scope=scope.label, rows=1,
        detail={"item": item.pk, "member_key": item.member_key, "decision": decision},
    )
    log.info("review %s/%s -> %s by %s", item.member_key, item.candidate_nik, decision, user)
    return obj


def review_decisions_all() -> list[dict]:
    """Every decision as rows (member_key, candidate_nik, decision) — what the next pipeline run
    reads as its decisions.parquet."""
    return list(ReviewDecision.objects.order_by("member_key", "candidate_nik").values("member_key", "candidate_nik", "decision"))
