"""Sponsorship budget planner and the lapse list (reads; nothing is written). Lapse worklists are
made by services/lapse_worklists.py; the rules they share are in lapse_rules.py.

Budget: a sponsor (APBD / APBDes / CSR) pays the BPU minimum (JKK + JKM at the minimum income,
from the dated rate table: Rp 16,800 a month since PP 82/2019) for vulnerable workers (ecosystem
'rentan') who are uncovered or non-active, aged at most MAX_AGE (Bantul practice), chosen in
worklist order, optionally at most N per kalurahan.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import coverage_total, run_latest
from cakupan.errors import UserError

from .contributions import bpu_minimum_monthly
from .lapse_rules import MAX_WITHIN, deadline, moved, recorded_paid_through
from .models import Enrolment, Funder, Partner
from .months import month_add, month_count, month_start, months_between
from .services.partners import partner_covers_area
from .services.worklists import rank_persons

MAX_AGE = 65


def _run(run: CoverageRun | None) -> CoverageRun:
    run = run or run_latest()
    if run is None:
        raise UserError("Belum ada hasil cakupan; jalankan penghitungan cakupan dulu.", code="budget.no_run")
    return run


def _area_scope(scope: Scope, area_code: str) -> str:
    area = area_code or scope.area_code
    if area and not scope.area_allowed(area):
        from cakupan.wilayah.selectors import area_name

        raise UserError(f"Wilayah {area_name(area)} di luar wilayah Anda.", code="budget.scope")
    return area


def _within(qs, area: str):
    return qs.filter(Scope(role="admin", area_code=area).area_q("padukuhan_code")) if area else qs


@dataclass
class BudgetPlan:
    budget: int
    months: int
    cost_month: int
    area: str
    workforce: int
    active: int
    candidates: int
    chosen: list = field(default_factory=list)  # item dicts in order (rank, nik, nama, kalurahan, ...)
    quota: int | None = None
    funder: Funder | None = None
    funder_remaining: int | None = None  # what was left of the funder's budget before this plan
    start: date | None = None  # the plan's first month (a funder's plan: inside its period)

    @property
    def per_person(self) -> int:
        return self.cost_month * self.months

    @property
    def capacity(self) -> int:
        return self.budget // self.per_person

    @property
    def covered(self) -> int:
        return len(self.chosen)

    @property
    def spent(self) -> int:
        return self.covered * self.per_person

    @property
    def pct_before(self) -> float:
        return round(100.0 * self.active / self.workforce, 2) if self.workforce else 0.0

    @property
    def pct_after(self) -> float:
        return round(100.0 * (self.active + self.covered) / self.workforce, 2) if self.workforce else 0.0

    @property
    def lift_pp(self) -> float:
        return round(self.pct_after - self.pct_before, 2)

    def by_kalurahan(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.chosen:
            out[r["kalurahan_code"]] = out.get(r["kalurahan_code"], 0) + 1
        return dict(sorted(out.items()))


def _month_id(d: date) -> str:
    from cakupan.core.formatting import MONTHS_ID

    return f"{MONTHS_ID[d.month - 1]} {d.year}"


def _funder_terms(*, funder: Funder, budget: int, months: int, area_code: str, start: date) -> tuple[int, str, int]:
    """(budget, area, remaining) of a plan paid by `funder`: the budget defaults to what is left and
    may not exceed it; the months, from `start`, must end inside the funder's period; an APBDes
    plans for its own kalurahan."""
    from .services.funders import funder_remaining

    left = funder_remaining(funder=funder)
    budget = budget or left
    if budget > left:
        raise UserError(f"Anggaran Rp {budget:,} melebihi sisa anggaran {funder.name}: Rp {left:,}.".replace(",", "."),
                        code="funder.budget")
    first, last = max(start, month_start(funder.period_from)), month_start(funder.period_to)
    if month_add(first, months - 1) > last:
        room = max(0, month_count(first, last))
        raise UserError(f"{months} bulan mulai {_month_id(first)} melewati masa anggaran {funder.name} (sampai "
                        f"{_month_id(funder.period_to)}); paling banyak {room} bulan.", code="funder.period")
    if funder.kind == "APBDES":
        kal = funder.kalurahan_code
        if area_code and not (area_code == kal or area_code.startswith(kal + ".")):
            raise UserError(f"APBDes {funder.name} hanya membiayai warga kalurahan {kal}.", code="funder.kalurahan")
        area_code = area_code or kal
    return budget, area_code, left


def budget_plan(*, budget: int, months: int, scope: Scope, area_code: str = "", quota_per_kalurahan: int | None = None,
                run: CoverageRun | None = None, on: date | None = None, funder: Funder | None = None) -> BudgetPlan:
    """With a `funder`: its remaining budget (or `budget`, when not above it), months inside its
    period from the later of the data month and the period's start, its kalurahan for an APBDes."""
    budget = budget or 0
    if (budget <= 0 and funder is None) or months <= 0:
        raise UserError("Anggaran dan jumlah bulan harus lebih dari 0.", code="budget.input")
    run = _run(run)
    left, start = None, month_start(on or run.as_of)
    if funder is not None:
        budget, area_code, left = _funder_terms(funder=funder, budget=budget, months=months, area_code=area_code, start=start)
        start = max(start, month_start(funder.period_from))
        if budget <= 0:
            raise UserError(f"Anggaran {funder.name} sudah habis.", code="funder.budget")
    area = _area_scope(scope, area_code)
    total = coverage_total(run=run, scope=scope, within=area or None, exact=True)  # a plan, not a table of cells
    cost = bpu_minimum_monthly(on=on or run.as_of)
    pending = Enrolment.objects.filter(status=Enrolment.Status.PROVISIONAL).values_list("nik", flat=True)
    qs = _within(PersonStatus.objects.filter(run=run, status__in=("none", "nonactive"), ecosystem="rentan", age__lte=MAX_AGE), area)
    qs = qs.filter(scope.area_q("padukuhan_code")).exclude(nik__in=pending)
    ranked = rank_persons(qs, as_of=run.as_of, model=None)
    plan = BudgetPlan(budget, months, cost, area, total.workforce, total.active, len(ranked), quota=quota_per_kalurahan,
                      funder=funder, funder_remaining=left, start=start)
    per_kal: dict[str, int] = {}
    for r in ranked:
        if len(plan.chosen) >= plan.capacity:
            break
        if quota_per_kalurahan is not None and per_kal.get(r["kalurahan_code"], 0) >= quota_per_kalurahan:
            continue
        per_kal[r["kalurahan_code"]] = per_kal.get(r["kalurahan_code"], 0) + 1
        plan.chosen.append(r)
    return plan


@dataclass(frozen=True)
class BudgetNeed:
    target_pct: Decimal
    months: int
    cost_month: int
    workforce: int
    active: int
    needed: int
    vulnerable_available: int
    uncovered_available: int

    @property
    def budget(self) -> int:
        return self.needed * self.cost_month * self.months

    @property
    def reachable_with_vulnerable(self) -> bool:
        return self.needed <= self.vulnerable_available


def budget_need(*, target_pct: float | str, months: int, scope: Scope, area_code: str = "",
                run: CoverageRun | None = None, on: date | None = None) -> BudgetNeed:
    target = Decimal(str(target_pct))
    if not (0 < target <= 100) or months <= 0:
        raise UserError("Target harus di antara 0 dan 100 % dan bulan lebih dari 0.", code="budget.input")
    run = _run(run)
    area = _area_scope(scope, area_code)
    total = coverage_total(run=run, scope=scope, within=area or None, exact=True)  # a plan, not a table of cells
    goal = int((target * total.workforce / 100).to_integral_value(rounding=ROUND_CEILING))
    base = _within(PersonStatus.objects.filter(run=run, status__in=("none", "nonactive")), area).filter(scope.area_q("padukuhan_code"))
    return BudgetNeed(target, months, bpu_minimum_monthly(on=on or run.as_of), total.workforce, total.active,
                      max(0, goal - total.active), base.filter(ecosystem="rentan", age__lte=MAX_AGE).count(), base.count())


def lapse_list(*, scope: Scope, area_code: str = "", within: int = 1, segment: str = "",
               run: CoverageRun | None = None) -> list[dict]:
    """Active members of every segment (or one `segment`) who lapse within `within` months unless
    they pay: the lapse month is the run's (PersonStatus.lapse_month, from the person_status mart's
    segment rule: paid-through + grace + 1; BPU and PU 3 months, JAKON and PMI 0); a later payment
    recorded in cakupan moves it on by as many months as it moves paid-through (lapse_rules.py).
    Rows sorted by lapse month, kalurahan, name; each with the partners who work the area."""
    if not 1 <= within <= MAX_WITHIN:
        raise UserError(f"Jumlah bulan ke depan harus 1 sampai {MAX_WITHIN}.", code="lapse.within")
    if not scope.can_see_persons:
        raise UserError("Peran Anda tidak boleh melihat daftar orang.", code="lapse.forbidden")
    run = _run(run)
    area = _area_scope(scope, area_code)
    month = month_start(run.as_of)
    qs = scope.filter_persons(_within(PersonStatus.objects.filter(
        run=run, status="active", paid_through__isnull=False, lapse_month__isnull=False,
        lapse_month__gt=month, lapse_month__lte=month_add(month, within)), area))
    if segment:
        qs = qs.filter(segment=segment)
    paid_later = recorded_paid_through(qs.values("nik"))
    partners = list(Partner.objects.all())
    rows = []
    for p in qs.order_by("kalurahan_code", "nama"):
        paid, lapse = moved(p.paid_through, p.lapse_month, paid_later.get(p.nik))
        left = months_between(month, lapse)
        if not 1 <= left <= within:
            continue
        names = [x.name for x in partners if partner_covers_area(x, p.padukuhan_code) and (not x.ecosystems or p.ecosystem in x.ecosystems)]
        rows.append({"nik": p.nik, "nama": p.nama, "kalurahan_code": p.kalurahan_code, "padukuhan_code": p.padukuhan_code,
                     "kpj": p.kpj, "ecosystem": p.ecosystem, "segment": p.segment, "paid_through": paid,
                     "lapse_month": lapse, "deadline": deadline(lapse), "months_left": left, "partners": names})
    rows.sort(key=lambda r: (r["lapse_month"], r["kalurahan_code"], r["nama"]))
    return rows


def lapse_summary(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Counts of a lapse list per kalurahan and per partner ('-' = no partner works the area)."""
    by_area: dict[str, int] = {}
    by_partner: dict[str, int] = {}
    for r in rows:
        by_area[r["kalurahan_code"]] = by_area.get(r["kalurahan_code"], 0) + 1
        for name in r["partners"] or ["-"]:
            by_partner[name] = by_partner.get(name, 0) + 1
    return {"kalurahan": dict(sorted(by_area.items())), "partner": dict(sorted(by_partner.items()))}
