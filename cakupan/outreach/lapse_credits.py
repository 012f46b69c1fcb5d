"""Credit for lapse follow-up (reads; re-exported by cakupan.outreach.selectors).

Once a run later than a lapse worklist's run is published (the latest DONE run, by as-of date),
each item is looked up in that run's PersonStatus (through the user's scope):

- akan nonaktif, active in the later run, and the later run's month is on or after the item's
  lapse month -> **retained** (bertahan aktif: the member paid before the deadline);
- akan nonaktif, active, but the later run comes before the lapse month -> **not_due** (not tested yet);
- akan nonaktif, non-active -> **lapsed**;
- baru nonaktif, active in the later run -> **reactivated** (aktif kembali);
- baru nonaktif, still non-active -> **still_nonactive**;
- not in the later run (moved away, died, left the workforce) or out of the user's scope -> **missing**.

Retained and reactivated are credited to the worklist's partner. Per partner, a person on several of
its lapse worklists counts once (the newest worklist's item). Contacted = an outcome saying the
person was reached: dihubungi, membayar, terdaftar or menolak.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import run_latest

from .models import Partner, Reason, Worklist
from .months import month_start

CONTACTED = {"dihubungi", "membayar", "terdaftar", "menolak"}
CREDITS = ("retained", "reactivated", "not_due", "lapsed", "still_nonactive", "missing")


@dataclass
class LapseCredits:
    later_run: CoverageRun | None = None  # None: no run after the worklist's run yet
    items: int = 0
    soon: int = 0  # akan nonaktif items
    recent: int = 0  # baru nonaktif items
    contacted: int = 0
    paid: int = 0  # outcome 'membayar' recorded by the field worker
    counts: dict[str, int] = field(default_factory=dict)  # credit code -> items
    by_item: dict[int, str] = field(default_factory=dict)  # item id -> credit code ('' = no later run)

    @property
    def retained(self) -> int:
        return self.counts.get("retained", 0)

    @property
    def reactivated(self) -> int:
        return self.counts.get("reactivated", 0)

    @property
    def credited(self) -> int:
        return self.retained + self.reactivated

    @property
    def pct_credited(self) -> float:
        return round(100.0 * self.credited / self.items, 2) if self.items else 0.0

    def add(self, *, item_id: int, reason: str, outcome: str, credit: str) -> None:
        self.items += 1
        self.soon += reason == Reason.AKAN_NONAKTIF
        self.recent += reason == Reason.BARU_NONAKTIF
        self.contacted += outcome in CONTACTED
        self.paid += outcome == "membayar"
        self.by_item[item_id] = credit
        if credit:
            self.counts[credit] = self.counts.get(credit, 0) + 1


def credit_of(*, reason: str, lapse_month, later_status: str | None, later_month) -> str:
    """One item's credit code (see the module's docstring)."""
    if later_status is None:
        return "missing"
    if reason == Reason.AKAN_NONAKTIF:
        if later_status != "active":
            return "lapsed"
        return "retained" if lapse_month is None or later_month >= lapse_month else "not_due"
    return "reactivated" if later_status == "active" else "still_nonactive"


def later_run_for(worklist: Worklist, run: CoverageRun | None = None) -> CoverageRun | None:
    """The run that judges a worklist: `run` or the latest DONE run, when later than its own run."""
    run = run or run_latest()
    if run is None or run.pk == worklist.run_id or run.as_of <= worklist.run.as_of:
        return None
    return run


def _rows(worklist: Worklist, scope: Scope):
    return scope.filter_persons(worklist.items.all()).order_by("rank").values_list(
        "pk", "nik", "reason", "outcome", "lapse_month")


def lapse_credits(*, worklist: Worklist, scope: Scope, run: CoverageRun | None = None) -> LapseCredits:
    """The credit figures of one lapse worklist (items inside the scope), judged by the latest
    published run after the worklist's run (or `run`)."""
    later = later_run_for(worklist, run)
    out = LapseCredits(later_run=later)
    rows = list(_rows(worklist, scope))
    status: dict[str, str] = {}
    if later is not None:
        persons = PersonStatus.objects.filter(run=later, nik__in=scope.filter_persons(worklist.items.all()).values("nik"))
        status = dict(scope.filter_persons(persons).values_list("nik", "status"))
    for pk, nik, reason, outcome, lapse_month in rows:
        credit = "" if later is None else credit_of(reason=reason, lapse_month=lapse_month, later_status=status.get(nik),
                                                    later_month=month_start(later.as_of))
        out.add(item_id=pk, reason=reason, outcome=outcome, credit=credit)
    return out


def lapse_credits_by_partner(*, scope: Scope, run: CoverageRun | None = None) -> list[tuple[Partner, LapseCredits]]:
    """Per partner, the credits of its lapse worklists the user may see (a person counted once:
    the item of the partner's newest lapse worklist holding them)."""
    from .selectors import worklists_visible

    visible = worklists_visible(scope=scope).filter(kind=Worklist.Kind.LAPSE)
    run = run or run_latest()
    out = []
    for partner in Partner.objects.filter(worklists__in=visible).distinct():
        total, seen = LapseCredits(later_run=run), set()
        for wl in visible.filter(partner=partner).order_by("-run__as_of", "-created_at", "-id"):
            one = lapse_credits(worklist=wl, scope=scope, run=run)
            for pk, nik, reason, outcome, _ in _rows(wl, scope):
                if nik not in seen:
                    seen.add(nik)
                    total.add(item_id=pk, reason=reason, outcome=outcome, credit=one.by_item.get(pk, ""))
        out.append((partner, total))
    return out
