from datetime import date

import pytest

from cakupan.accounts.scope import Scope, scope_for
from cakupan.accounts.models import AuditLog
from cakupan.errors import UserError
from cakupan.outreach.models import WorklistItem
from cakupan.outreach.selectors import partner_progress, worklist_progress
from cakupan.outreach.services import partner_create, worklist_assign, worklist_item_outcome_set, worklist_make
from cakupan.outreach.services.ranking import LIKELIHOOD_MIN_OUTCOMES, likelihood_fit

from .factories import KAL1, KAL2, KAP, make_run, make_user, person, standard_persons

ADMIN = Scope(role="admin")


def serials(worklist):
    return [int(i.nama.split()[-1]) for i in worklist.items.order_by("rank")]


@pytest.mark.django_db
def test_ranking_nonactive_first_then_score_with_parts():
    make_run(standard_persons())
    partner = partner_create(name="Perisai Srandakan", kind="perisai", area_codes=[KAP])
    wl = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert serials(wl) == [5, 7, 6, 8, 11, 9, 12, 10]
    first = wl.items.get(rank=1)
    assert first.score_parts == {"rentan": 3, "usia_produktif": 2, "baru_nonaktif": 2} and first.score == 7
    assert wl.items.get(rank=8).score_parts == {"usia_produktif": 2}
    assert AuditLog.objects.filter(action="make_worklist", rows=8).exists()


@pytest.mark.django_db
def test_lurah_worklist_limited_to_kalurahan_and_ecosystem():
    make_run(standard_persons())
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    wl = worklist_make(partner=lurah, area_code=KAL1, scope=ADMIN, by_padukuhan=True, ecosystem="rentan")
    assert serials(wl) == [5, 8, 9, 12]
    with pytest.raises(UserError):
        worklist_make(partner=lurah, area_code=KAL2, scope=ADMIN)


@pytest.mark.django_db
def test_kalurahan_operator_gets_only_their_area():
    make_run(standard_persons())
    op = make_user("op2002", role="kalurahan", area_code=KAL2)
    partner = partner_create(name="Perisai", kind="perisai")
    wl = worklist_make(partner=partner, area_code=KAL2, scope=scope_for(op), user=op)
    assert set(wl.items.values_list("kalurahan_code", flat=True)) == {KAL2}
    assert serials(wl) == [6, 11, 10]
    with pytest.raises(UserError):
        worklist_make(partner=partner, area_code=KAP, scope=scope_for(op), user=op)
    with pytest.raises(UserError):
        worklist_make(partner=partner, area_code=KAL1, scope=scope_for(op), user=op)


@pytest.mark.django_db
def test_pimpinan_may_not_make_person_lists():
    make_run(standard_persons())
    boss = make_user("boss", role="pimpinan")
    with pytest.raises(UserError):
        worklist_make(partner=partner_create(name="X", kind="opd"), area_code=KAP, scope=scope_for(boss))


@pytest.mark.django_db
def test_progress_counts_and_reactivation_apart():
    make_run(standard_persons())
    wl = worklist_make(partner=partner_create(name="P", kind="perisai"), area_code=KAP, scope=ADMIN)
    items = list(wl.items.order_by("rank"))
    day = date(2023, 3, 10)
    worklist_item_outcome_set(item=items[0], outcome="terdaftar", on=day)  # non-active -> re-activation
    worklist_item_outcome_set(item=items[3], outcome="enrolled", on=day)  # never registered -> new
    worklist_item_outcome_set(item=items[4], outcome="dihubungi", on=day)
    assert worklist_item_outcome_set(item=items[4], outcome="dihubungi", on=day) is False  # idempotent
    p = worklist_progress(worklist=wl)
    assert (p.total, p.touched, p.done, p.reactivated, p.new) == (8, 3, 2, 1, 1)
    assert p.pct_done == 25.0
    (partner, pp), = partner_progress(scope=ADMIN)
    assert pp.by_outcome == {"terdaftar": 2, "dihubungi": 1}
    assert worklist_assign(worklist=wl, assigned_to="Bu Sri", padukuhan_code=f"{KAL1}.kulon") == 2
    with pytest.raises(UserError):
        worklist_item_outcome_set(item=items[1], outcome="entah", on=day)


@pytest.mark.django_db
def test_learned_likelihood_orders_within_equal_scores():
    # two never-registered rentan groups with equal scores; past outcomes: pasar-age people enrol
    persons = [person(100 + i, status="none", ecosystem="rentan", age=30) for i in range(3)]
    persons += [person(200 + i, status="none", ecosystem="rentan", age=40) for i in range(3)]
    make_run(persons)
    partner = partner_create(name="P", kind="perisai")
    old = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert old.ranking["likelihood"] is None
    # record outcomes by hand: age 40s enrolled, age 30s refused (enough to learn from)
    for i in range(LIKELIHOOD_MIN_OUTCOMES):
        WorklistItem.objects.create(worklist=old, rank=100 + i, nik=f"x{i}", nama="h", age=40 if i % 2 else 30,
                                    kalurahan_code=KAL1, padukuhan_code=f"{KAL1}.krajan", ecosystem="rentan",
                                    status="none", score=5, outcome="terdaftar" if i % 2 else "menolak",
                                    outcome_date=date(2023, 3, 1))
    model = likelihood_fit([("rentan", 40, "none", "terdaftar")] * 10 + [("rentan", 30, "none", "menolak")] * 10)
    assert model.p(ecosystem="rentan", age=42, status="none") > model.p(ecosystem="rentan", age=31, status="none")
    new = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert new.ranking["likelihood"]["outcomes"] == LIKELIHOOD_MIN_OUTCOMES
    assert [i // 100 for i in serials(new)] == [2, 2, 2, 1, 1, 1]
    assert new.items.get(rank=1).likelihood > new.items.get(rank=6).likelihood


@pytest.mark.django_db
def test_mitra_lists_are_limited_to_their_ecosystem_and_visible_to_them():
    from cakupan.outreach.selectors import worklists_visible

    make_run(standard_persons())
    mitra = make_user("dkukmpp", role="mitra", org="DKUKMPP", ecosystems=["pasar"])
    partner = partner_create(name="DKUKMPP", kind="dkukmpp", ecosystems=["pasar", "umkm"])
    wl = worklist_make(partner=partner, area_code=KAP, scope=scope_for(mitra), user=mitra)
    assert wl.ecosystem == "pasar" and serials(wl) == [6]
    assert list(worklists_visible(scope=scope_for(mitra))) == [wl]
    two = make_user("two", role="mitra", org="X", ecosystems=["pasar", "umkm"])
    with pytest.raises(UserError):
        worklist_make(partner=partner, area_code=KAP, scope=scope_for(two), user=two)
