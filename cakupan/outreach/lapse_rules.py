"""Lapse follow-up: the rules shared by the lapse list, lapse worklists and their credits.

- The lapse month L of a member comes from the run (PersonStatus.lapse_month, the person_status
  mart: paid-through month P + the segment's grace + 1; grace from
  cakupan/reference/status_rules.csv: BPU 3, PU 3, JAKON 0, PMI 0). A payment recorded in cakupan
  after the run (Payment.month_to) moves P, and L with it, by as many months.
- With the run's month M: **akan nonaktif** (about to lapse) = active with 1 <= L - M <= within;
  **baru nonaktif** (recently lapsed) = non-active with 0 <= M - L < since (non-active for at most
  `since` months, counting M itself). The payment deadline (batas bayar) is the month before L.
"""
from __future__ import annotations

from datetime import date

from .models import Enrolment
from .months import month_add, months_between

MAX_WITHIN = 12  # months ahead a lapse list or worklist may look
MAX_SINCE = 12  # months back a lapse worklist may look for the recently lapsed


def recorded_paid_through(niks) -> dict[str, date]:
    """The latest paid-through month recorded in cakupan (enrolment payments) per NIK, for the
    NIKs given (a list or a subquery)."""
    out: dict[str, date] = {}
    for nik, to in Enrolment.objects.filter(nik__in=niks).values_list("nik", "payments__month_to"):
        if to:
            out[nik] = max(to, out.get(nik, to))
    return out


def moved(paid_through: date, lapse_month: date, recorded: date | None) -> tuple[date, date]:
    """(paid-through, lapse month) after a payment recorded in cakupan (never moved backwards)."""
    paid = max(paid_through, recorded or paid_through)
    return paid, month_add(lapse_month, months_between(paid_through, paid))


def deadline(lapse_month: date | None) -> date | None:
    """The last month to pay and stay active: the month before the lapse month."""
    return month_add(lapse_month, -1) if lapse_month else None


def grace_rules() -> list[dict]:
    """[{segment, grace_months, regulation}] as shipped (cakupan/reference/status_rules.csv), the
    regulation by its name only ('Permenaker 5/2021'), for the pages."""
    from cakupan.coverage.selectors import status_rules

    return [{"segment": r["segment"], "grace_months": r["grace_months"], "regulation": r["regulation"].split(" (")[0]}
            for r in status_rules()]
