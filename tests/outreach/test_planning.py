from datetime import date

import pytest

from cakupan.accounts.scope import Scope, scope_for
from cakupan.errors import UserError
from cakupan.outreach.planning import budget_need, budget_plan, lapse_list
from cakupan.outreach.services import partner_create

from .factories import KAL1, KAL2, make_run, make_user, standard_persons

ADMIN = Scope(role="admin")


@pytest.mark.django_db
def test_budget_plan_arithmetic_and_choice_by_rank():
    make_run(standard_persons())
    plan = budget_plan(budget=100_800, months=3, scope=ADMIN)
    assert plan.cost_month == 16_800 and plan.per_person == 50_400 and plan.capacity == 2
    assert plan.candidates == 4  # rentan, uncovered or non-active, aged <= 65
    assert [r["nama"] for r in plan.chosen] == ["Warga 5", "Warga 8"]
    assert (plan.spent, plan.pct_before, plan.pct_after, plan.lift_pp) == (100_800, 33.33, 50.0, 16.67)
    quota = budget_plan(budget=100_800, months=3, scope=ADMIN, quota_per_kalurahan=1)
    assert [r["nama"] for r in quota.chosen] == ["Warga 5", "Warga 11"]
    assert quota.by_kalurahan() == {KAL1: 1, KAL2: 1}
    big = budget_plan(budget=45_000_000, months=12, scope=ADMIN)
    assert big.capacity == 45_000_000 // (16_800 * 12) and big.covered == 4  # fewer candidates than money


@pytest.mark.django_db
def test_budget_plan_for_one_kalurahan_and_need():
    make_run(standard_persons())
    plan = budget_plan(budget=1_000_000, months=1, scope=ADMIN, area_code=KAL2)
    assert plan.workforce == 5 and plan.active == 2 and [r["nama"] for r in plan.chosen] == ["Warga 11"]
    need = budget_need(target_pct=50, months=10, scope=ADMIN)
    assert (need.workforce, need.active, need.needed, need.budget) == (12, 4, 2, 2 * 16_800 * 10)
    assert need.vulnerable_available == 4 and need.uncovered_available == 8 and need.reachable_with_vulnerable
    assert budget_need(target_pct=25, months=10, scope=ADMIN).needed == 0
    op = make_user("op", role="kalurahan", area_code=KAL1)
    with pytest.raises(UserError):
        budget_plan(budget=1_000_000, months=1, scope=scope_for(op), area_code=KAL2)
    assert budget_need(target_pct="40", months=1, scope=scope_for(op)).workforce == 7


@pytest.mark.django_db
def test_lapse_list_by_three_month_rule_area_and_partner():
    make_run(standard_persons())
    partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    soon = lapse_list(scope=ADMIN, within=1)
    assert [r["nama"] for r in soon] == ["Warga 2"]
    assert soon[0]["lapse_month"] == date(2023, 3, 1) and soon[0]["partners"] == ["Lurah Poncosari"]
    assert [r["nama"] for r in lapse_list(scope=ADMIN, within=2)] == ["Warga 2", "Warga 3"]
    op = make_user("op2", role="kalurahan", area_code=KAL2)
    assert [r["nama"] for r in lapse_list(scope=scope_for(op), within=6)] == ["Warga 3", "Warga 4"]
    with pytest.raises(UserError):
        lapse_list(scope=scope_for(make_user("boss", role="pimpinan")))


@pytest.mark.django_db
def test_lapse_list_a_later_payment_moves_the_lapse_month():
    from cakupan.outreach.models import Enrolment, Payment

    persons = standard_persons()
    make_run(persons)
    warga2 = persons[1]  # paid through 2022-11: lapses 2023-03 by the run's lapse month
    enrolment = Enrolment.objects.create(nik=warga2["nik"], nama="Warga 2", segment="BPU", programs="JKK,JKM",
                                         payer="SELF", monthly_amount=16_800, kind="reactivation")
    Payment.objects.create(enrolment=enrolment, month_from=date(2022, 12, 1), month_to=date(2023, 1, 1), months=2,
                           amount=33_600, payer="SELF")
    assert [r["nama"] for r in lapse_list(scope=ADMIN, within=1)] == []
    moved = [r for r in lapse_list(scope=ADMIN, within=3) if r["nama"] == "Warga 2"]
    assert moved[0]["paid_through"] == date(2023, 1, 1) and moved[0]["lapse_month"] == date(2023, 5, 1)
    assert moved[0]["months_left"] == 3


@pytest.mark.django_db
def test_lapse_summary_per_kalurahan_and_partner():
    from cakupan.outreach.planning import lapse_summary

    make_run(standard_persons())
    partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    summary = lapse_summary(lapse_list(scope=ADMIN, within=6, segment="BPU"))
    assert summary == {"kalurahan": {KAL1: 1, KAL2: 2}, "partner": {"-": 2, "Lurah Poncosari": 1}}
    # every segment (the default): Warga 1, PU paid through 2023-02, lapses 2023-06 (grace 3)
    summary = lapse_summary(lapse_list(scope=ADMIN, within=6))
    assert summary == {"kalurahan": {KAL1: 2, KAL2: 2}, "partner": {"-": 2, "Lurah Poncosari": 2}}
