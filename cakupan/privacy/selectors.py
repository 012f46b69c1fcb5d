"""Reads of privacy's records, for the DPO (or an admin) only, and the tombstone reader that
accounts' Scope applies to every person-level read.

    tombstoned_niks()                       # NIKs erased on request (a lazy QuerySet)
    dpo_allowed(user)                       # admin role or the privacy.dpo permission
    requests_for(user=dpo)                  # [SubjectRequest], newest first; PermissionDenied otherwise
    breaches_for(user=dpo)                  # [BreachRow]: each with its 72-hour deadline and time left
    EXPORT_PURPOSES.codes                   # what a person-level export may be for
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cakupan.accounts.models import Role
from cakupan.accounts.scope import scope_for
from cakupan.core.vocab import EXPORT_PURPOSES  # noqa: F401  (the door: what an export may be for)

from .models import Breach, Override, SubjectRequest, Tombstone



def tombstoned_niks():
    """NIKs erased on request, a lazy QuerySet of values (registered with accounts.scope at
    start-up, where it becomes a subquery of every person-level read)."""
    return Tombstone.objects.values_list("nik", flat=True)


def overrides(*, niks: list[str] | None = None) -> dict[str, dict]:
    """nik -> {"nama": ..., "birth_date": ...}: rectified values (only the fields corrected), of
    `niks` (default: all)."""
    out = {}
    rows = Override.objects.all() if niks is None else Override.objects.filter(nik__in=list(niks))
    for o in rows:
        out[o.nik] = {k: v for k, v in (("nama", o.nama), ("birth_date", o.birth_date)) if v}
    return out


def dpo_allowed(user) -> bool:
    """The DPO: the admin role, or any user given the privacy.dpo permission."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return scope_for(user).role == Role.ADMIN or user.has_perm("privacy.dpo")


def dpo_require(user) -> None:
    if not dpo_allowed(user):
        raise PermissionDenied("Hanya DPO atau admin.")


def requests_for(*, user, limit: int = 200) -> list[SubjectRequest]:
    dpo_require(user)
    return list(SubjectRequest.objects.all()[:limit])


@dataclass(frozen=True)
class BreachRow:
    breach: Breach
    deadline: datetime
    hours_left: float  # negative: overdue
    notified_in_full: bool

    @property
    def overdue(self) -> bool:
        return not self.notified_in_full and self.hours_left < 0


def breach_row(breach: Breach, *, now: datetime | None = None) -> BreachRow:
    now = now or timezone.now()
    left = (breach.deadline - now) / timedelta(hours=1)
    return BreachRow(breach, breach.deadline, round(left, 1), breach.notified_in_full)


def breaches_for(*, user, now: datetime | None = None) -> list[BreachRow]:
    dpo_require(user)
    return [breach_row(b, now=now) for b in Breach.objects.all()]


def breach_get(*, user, breach_id: int) -> BreachRow | None:
    dpo_require(user)
    b = Breach.objects.filter(pk=breach_id).first()
    return breach_row(b) if b else None
