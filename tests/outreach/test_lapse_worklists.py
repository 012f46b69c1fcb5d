"""Lapse follow-up as work (issue 15, part 5): lapse worklists for every segment, both reasons,
ranked, scoped, with outcomes and credits judged by a later run."""
from datetime import date

import pytest

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope, scope_for
from cakupan.errors import UserError
from cakupan.outreach.models import Enrolment, Payment, Worklist
from cakupan.outreach.selectors import (
    lapse_credits,
    lapse_credits_by_partner,
    partner_progress,
    worklist_progress,
)
from cakupan.outreach.services import (
    lapse_worklist_make,
    partner_create,
    worklist_item_outcome_set,
    worklist_make,
)

from .factories import KAL1, KAL2, KAP, lapse_persons, make_run, make_user, person

ADMIN = Scope(role="admin")
pytestmark = pytest.mark.django_db


def serials(worklist):
    return [int(i.nama.split()[-1]) for i in worklist.items.order_by("rank")]


@pytest.fixture
def region(db):
    persons = lapse_persons()
    run = make_run(persons)
    return persons, run


def test_every_segment_both_reasons_ranked(region):
    partner = partner_create(name="Perisai Srandakan", kind="perisai", area_codes=[KAP])
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert wl.kind == Worklist.Kind.LAPSE and wl.ranking["within"] == 1 and wl.ranking["lapsed_since_months"] == 2
    # akan nonaktif in March 2023 (BPU, PU grace 3; JAKON grace 0), by NIK; then baru nonaktif, latest lapse first
    assert serials(wl) == [301, 302, 303, 311, 306, 312, 307]
    rows = {int(i.nama.split()[-1]): i for i in wl.items.all()}
    assert {s: rows[s].segment for s in (301, 302, 303, 306, 307, 312)} == {
        301: "BPU", 302: "PU", 303: "JAKON", 306: "BPU", 307: "PU", 312: "PMI"}
    assert (rows[301].reason, rows[301].status, rows[301].paid_through, rows[301].lapse_month) == (
        "akan_nonaktif", "active", date(2022, 11, 1), date(2023, 3, 1))
    assert (rows[303].paid_through, rows[303].lapse_month) == (date(2023, 2, 1), date(2023, 3, 1))  # JAKON: no grace
    assert (rows[307].reason, rows[307].status, rows[307].lapse_month) == ("baru_nonaktif", "nonactive", date(2023, 1, 1))
    assert AuditLog.objects.filter(action="make_worklist", rows=7, detail__kind="lapse").exists()


def test_within_and_since_widen_the_list(region):
    partner = partner_create(name="P", kind="perisai")
    wide = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN, within=2, lapsed_since_months=3)
    # PMI paid through March (grace 0) lapses in April: after the March deadlines; JAKON lapsed in December last
    assert serials(wide) == [301, 302, 303, 311, 304, 306, 312, 307, 308]
    only_soon = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN, within=1, lapsed_since_months=0)
    assert serials(only_soon) == [301, 302, 303, 311]
    for within, since in ((0, 2), (13, 2), (1, -1), (1, 13), ("1", 2)):
        with pytest.raises(UserError):
            lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN, within=within, lapsed_since_months=since)


def test_payments_and_provisional_enrolments_are_respected(region):
    persons, _ = region
    partner = partner_create(name="P", kind="perisai")
    paid = Enrolment.objects.create(nik=persons[0]["nik"], nama="Warga 301", segment="BPU", programs="JKK,JKM",
                                    payer="SELF", monthly_amount=16_800, kind="new", status="confirmed")
    Payment.objects.create(enrolment=paid, month_from=date(2022, 12, 1), month_to=date(2023, 1, 1), months=2,
                           amount=33_600, payer="SELF")  # paid through January: lapses in May now
    Enrolment.objects.create(nik=persons[5]["nik"], nama="Warga 306", segment="BPU", programs="JKK,JKM", payer="APBDES",
                             monthly_amount=16_800, kind="reactivation")  # provisional: already being handled
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    assert serials(wl) == [302, 303, 311, 312, 307]
    moved = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN, within=3, lapsed_since_months=0)
    item = moved.items.get(nama="Warga 301")
    assert (item.paid_through, item.lapse_month) == (date(2023, 1, 1), date(2023, 5, 1))


def test_partner_must_cover_the_area_and_ecosystem(region):
    lurah = partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])
    with pytest.raises(UserError, match="tidak bekerja di wilayah") as err:
        lapse_worklist_make(partner=lurah, area_code=KAL2, scope=ADMIN)
    assert err.value.code == "worklist.partner_area"
    assert serials(lapse_worklist_make(partner=lurah, area_code=KAL1, scope=ADMIN)) == [301, 302, 303, 306, 307]
    pasar = partner_create(name="DKUKMPP", kind="dkukmpp", ecosystems=["pasar"])
    with pytest.raises(UserError, match="ekosistem"):
        lapse_worklist_make(partner=pasar, area_code=KAP, scope=ADMIN, ecosystem="umkm")
    assert serials(lapse_worklist_make(partner=pasar, area_code=KAP, scope=ADMIN)) == [312]
    with pytest.raises(UserError, match="Tidak ada peserta"):
        lapse_worklist_make(partner=pasar, area_code=KAL1, scope=ADMIN)


def test_kalurahan_officer_only_for_their_area(region):
    op = make_user("op2002", role="kalurahan", area_code=KAL2)
    partner = partner_create(name="Perisai", kind="perisai")
    wl = lapse_worklist_make(partner=partner, area_code=KAL2, scope=scope_for(op), user=op)
    assert serials(wl) == [311, 312] and wl.created_by == op
    for area in (KAL1, KAP):
        with pytest.raises(UserError):
            lapse_worklist_make(partner=partner, area_code=area, scope=scope_for(op), user=op)
    boss = make_user("boss", role="pimpinan")
    with pytest.raises(UserError):
        lapse_worklist_make(partner=partner, area_code=KAP, scope=scope_for(boss))


def test_mitra_only_for_its_ecosystems(region):
    from cakupan.outreach.selectors import worklists_visible

    mitra = make_user("dkukmpp", role="mitra", org="DKUKMPP", ecosystems=["pasar"])
    partner = partner_create(name="DKUKMPP", kind="dkukmpp", ecosystems=["pasar", "umkm"])
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=scope_for(mitra), user=mitra)
    assert wl.ecosystem == "pasar" and serials(wl) == [312]
    assert list(worklists_visible(scope=scope_for(mitra))) == [wl]
    two = make_user("two", role="mitra", org="X", ecosystems=["pasar", "umkm"])
    with pytest.raises(UserError, match="satu ekosistem"):
        lapse_worklist_make(partner=partner, area_code=KAP, scope=scope_for(two), user=two)
    assert serials(lapse_worklist_make(partner=partner, area_code=KAP, scope=scope_for(two), ecosystem="umkm")) == [307]


def test_outcomes_on_a_lapse_worklist(region):
    partner = partner_create(name="P", kind="perisai")
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    items = list(wl.items.order_by("rank"))
    day = date(2023, 3, 10)
    assert worklist_item_outcome_set(item=items[0], outcome="membayar", on=day)
    assert worklist_item_outcome_set(item=items[1], outcome="paid", on=day)  # English accepted
    assert worklist_item_outcome_set(item=items[2], outcome="dihubungi", on=day)
    assert worklist_item_outcome_set(item=items[4], outcome="tidak ditemukan", on=day)
    assert worklist_item_outcome_set(item=items[0], outcome="sudah bayar", on=day) is False  # idempotent
    p = worklist_progress(worklist=wl)
    assert (p.total, p.touched, p.done) == (7, 4, 3)
    assert [v for v, _, _ in p.rows()] == ["dihubungi", "membayar", "terdaftar", "menolak", "tidak ditemukan", "pindah",
                                          "meninggal"]
    assert partner_progress(scope=ADMIN) == []  # enrolment progress leaves lapse worklists out
    # an enrolment worklist knows no 'membayar'; its progress cards stay as they were
    enrol = worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    with pytest.raises(UserError, match="tidak dikenal"):
        worklist_item_outcome_set(item=enrol.items.first(), outcome="membayar", on=day)
    assert "membayar" not in [v for v, _, _ in worklist_progress(worklist=enrol).rows()]


def test_lapse_outcomes_do_not_teach_the_enrolment_likelihood(region):
    from cakupan.outreach.services.ranking import LIKELIHOOD_MIN_OUTCOMES
    from cakupan.outreach.services.worklists import _outcome_rows

    partner = partner_create(name="P", kind="perisai")
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN, within=2, lapsed_since_months=3)
    for item in wl.items.all():
        worklist_item_outcome_set(item=item, outcome="menolak", on=date(2023, 3, 1))
    assert _outcome_rows() == [] and LIKELIHOOD_MIN_OUTCOMES > 0


def _second_run(persons, as_of=date(2023, 4, 28)):
    """The April run: who paid, who lapsed, who left."""
    by = {int(p["nama"].split()[-1]): p for p in persons}
    later = [
        person(301, status="active", segment="BPU", paid_through=date(2023, 3, 1)),  # akan -> paid: retained
        person(302, status="nonactive", segment="PU", ecosystem="pu", paid_through=date(2022, 11, 1)),  # akan -> lapsed
        person(303, status="active", segment="JAKON", ecosystem="padat_karya", paid_through=date(2023, 4, 1)),  # retained
        person(306, status="active", segment="BPU", paid_through=date(2023, 4, 1)),  # baru -> reactivated
        person(307, status="active", segment="PU", ecosystem="umkm", paid_through=date(2023, 4, 1)),  # reactivated
        person(312, kal=KAL2, pad="lor", status="nonactive", segment="PMI", ecosystem="pasar",
               paid_through=date(2023, 1, 1)),  # baru -> still non-active
        # 311 is gone (moved away)
    ]
    assert all(p["nik"] == by[int(p["nama"].split()[-1])]["nik"] for p in later)
    return make_run(later, as_of=as_of)


def test_credits_across_two_runs(region):
    persons, _ = region
    partner = partner_create(name="Perisai", kind="perisai")
    wl = lapse_worklist_make(partner=partner, area_code=KAP, scope=ADMIN)
    pending = lapse_credits(worklist=wl, scope=ADMIN)
    assert pending.later_run is None and pending.items == 7 and pending.credited == 0
    assert set(pending.by_item.values()) == {""}
    items = {int(i.nama.split()[-1]): i for i in wl.items.all()}
    worklist_item_outcome_set(item=items[301], outcome="membayar", on=date(2023, 3, 5))
    worklist_item_outcome_set(item=items[306], outcome="dihubungi", on=date(2023, 3, 5))
    worklist_item_outcome_set(item=items[311], outcome="tidak ditemukan", on=date(2023, 3, 5))
    run2 = _second_run(persons)
    c = lapse_credits(worklist=wl, scope=ADMIN)
    assert c.later_run == run2
    assert (c.items, c.soon, c.recent, c.contacted, c.paid) == (7, 4, 3, 2, 1)
    assert (c.retained, c.reactivated, c.credited) == (2, 2, 4)
    assert c.counts == {"retained": 2, "reactivated": 2, "lapsed": 1, "still_nonactive": 1, "missing": 1}
    assert {s: c.by_item[items[s].pk] for s in items} == {
        301: "retained", 302: "lapsed", 303: "retained", 311: "missing", 306: "reactivated", 307: "reactivated",
        312: "still_nonactive"}
    assert c.pct_credited == round(100 * 4 / 7, 2)
    # a run in the same month as the deadline has not tested it yet
    same_month = lapse_credits(worklist=wl, scope=ADMIN, run=_second_run(persons, as_of=date(2023, 2, 28)))
    assert same_month.counts["not_due"] == 2 and same_month.retained == 0


def test_credits_per_partner_count_a_person_once_and_respect_scope(region):
    persons, _ = region
    perisai = partner_create(name="Perisai", kind="perisai")
    lurah = partner_create(name="Lurah Trimurti", kind="lurah", area_codes=[KAL2])
    lapse_worklist_make(partner=perisai, area_code=KAP, scope=ADMIN)
    lapse_worklist_make(partner=perisai, area_code=KAL1, scope=ADMIN)  # the same KAL1 people again
    mine = lapse_worklist_make(partner=lurah, area_code=KAL2, scope=ADMIN)
    _second_run(persons)
    totals = {p.name: c for p, c in lapse_credits_by_partner(scope=ADMIN)}
    assert (totals["Perisai"].items, totals["Perisai"].retained, totals["Perisai"].reactivated) == (7, 2, 2)
    assert (totals["Lurah Trimurti"].items, totals["Lurah Trimurti"].credited) == (2, 0)
    op = make_user("op2002", role="kalurahan", area_code=KAL2)
    seen = lapse_credits_by_partner(scope=scope_for(op))
    assert [p.name for p, _ in seen] == ["Lurah Trimurti"]  # the KAP and KAL1 lists lie outside KAL2
    one = lapse_credits(worklist=mine, scope=scope_for(op))
    assert one.counts == {"missing": 1, "still_nonactive": 1}
    assert lapse_credits_by_partner(scope=scope_for(make_user("boss", role="pimpinan"))) == []


def test_person_data_names_the_lapse_reason(region):
    from cakupan.outreach.selectors import person_data

    persons, _ = region
    lapse_worklist_make(partner=partner_create(name="P", kind="perisai"), area_code=KAP, scope=ADMIN)
    (row,) = person_data(nik=persons[0]["nik"])["worklist_items"]
    assert (row["worklist__kind"], row["reason"], row["lapse_month"]) == ("lapse", "akan_nonaktif", date(2023, 3, 1))
