"""Funder reads, scoped: which funders a user sees, and one funder's report — whom it paid for,
how many months, how much, how many of them are still active in the latest coverage run, and what
is left of its budget (docs/outreach.md "Funders")."""
from __future__ import annotations

from dataclasses import dataclass, field
from django.db.models import Q

from cakupan.accounts.scope import Scope, mask_nik
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import run_latest
from cakupan.errors import UserError

from .models import Funder, Payment
from .services.funders import funder_spent

OFFICE_ROLES = ("admin", "analis", "kepatuhan", "pimpinan")


def funders_visible(*, scope: Scope):
    """Office-wide roles see every funder; a kapanewon or kalurahan operator the APBD and CSR
    funders and the APBDes of the kalurahan in its area; others (mitra) none."""
    if scope.role in OFFICE_ROLES or (scope.role in ("kapanewon", "kalurahan") and not scope.area_code):
        return Funder.objects.all()
    if scope.role in ("kapanewon", "kalurahan"):
        return Funder.objects.filter(Q(kind__in=["APBD", "CSR"]) | (Q(kind="APBDES") & scope.area_q("kalurahan_code")))
    return Funder.objects.none()


def funder_access(*, scope: Scope, ref: str | int) -> Funder:
    """A funder by id or name (any case) that the user may see, or a one-line user error."""
    text = str(ref).strip()
    qs = funders_visible(scope=scope)
    funder = qs.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else qs.filter(name__iexact=text).first()
    if funder is None:
        raise UserError(f"Penyandang dana '{text[:60]}' tidak ada atau di luar wilayah Anda; lihat `cakupan funder list`.",
                        code="funder.not_found")
    return funder


@dataclass
class FunderReport:
    funder: Funder
    run: CoverageRun | None
    spent: int  # every payment of the funder (whatever the user's scope)
    rows: list = field(default_factory=list)  # one per enrolment paid for, inside the scope (names only for person roles)
    people: int = 0  # persons paid for inside the scope
    months: int = 0
    amount: int = 0  # paid for those persons
    active: int = 0  # of those persons, active in the latest run (still covered)

    @property
    def remaining(self) -> int:
        return self.funder.budget - self.spent

    @property
    def used_pct(self) -> float:
        return round(100.0 * self.spent / self.funder.budget, 2) if self.funder.budget else 0.0


def funder_report(*, funder: Funder, scope: Scope, run: CoverageRun | None = None) -> FunderReport:
    """One row per enrolment the funder paid for (months and rupiah summed over its payments), the
    person's status in the latest run, NIK masked unless the role sees full NIKs. Area operators
    see the persons of their area; roles without person lists (pimpinan) the totals only."""
    run = run or run_latest()
    report = FunderReport(funder=funder, run=run, spent=funder_spent(funder=funder))
    pays = Payment.objects.filter(funder=funder).select_related("enrolment")
    if scope.role in ("kapanewon", "kalurahan") and scope.area_code:
        pays = pays.filter(scope.area_q("enrolment__kalurahan_code"))
    elif scope.role not in OFFICE_ROLES and scope.role not in ("kapanewon", "kalurahan"):
        pays = pays.none()
    per: dict[int, dict] = {}
    for p in pays.order_by("enrolment_id", "month_from"):
        e = p.enrolment
        row = per.setdefault(e.pk, {"enrolment": e.pk, "nik": e.nik, "nama": e.nama, "kalurahan_code": e.kalurahan_code,
                                    "segment": e.segment, "months": 0, "amount": 0, "first": p.month_from,
                                    "last": p.month_to})
        row["months"] += p.months
        row["amount"] += p.amount
        row["first"], row["last"] = min(row["first"], p.month_from), max(row["last"], p.month_to)
    niks = {r["nik"] for r in per.values()}
    status = dict(PersonStatus.objects.filter(run=run, nik__in=niks).values_list("nik", "status")) if run and niks else {}
    hidden = not scope.can_see_persons
    for r in sorted(per.values(), key=lambda r: (r["kalurahan_code"], r["nama"], r["enrolment"])):
        r["status"] = status.get(r["nik"], "")
        r["active"] = r["status"] == "active"
        r["nik_shown"] = r["nik"] if scope.sees_full_nik else mask_nik(r["nik"])
        report.months += r["months"]
        report.amount += r["amount"]
        if not hidden:
            report.rows.append(r)
    report.people = len(niks)
    report.active = sum(1 for n in niks if status.get(n) == "active")  # persons, not enrolments
    return report

