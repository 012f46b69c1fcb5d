from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.errors import UserError
from cakupan.outreach.models import Enrolment
from cakupan.outreach.selectors import enrolment_counts
from cakupan.outreach.services import (
    enrolment_register, enrolments_confirm, enrolments_provisional, payment_record,
)

from .factories import make_run, person, standard_persons

MAR, AUG = date(2023, 3, 1), date(2023, 8, 1)


def _nik(persons, serial):
    return next(p["nik"] for p in persons if p["nama"] == f"Warga {serial}")


@pytest.mark.django_db
def test_register_bpu_new_and_reactivation_counted_apart():
    persons = standard_persons()
    make_run(persons)
    new = enrolment_register(nik=_nik(persons, 8), nama="Warga 8", segment="BPU", income=1_000_000, payer="APBDES",
                             month_from=MAR, month_to=AUG)
    assert (new.kind, new.status, new.monthly_amount, new.programs) == ("new", "provisional", 16_800, "JKK,JKM")
    assert new.payments.get().amount == 6 * 16_800
    assert new.kalurahan_code == persons[7]["kalurahan_code"]
    back = enrolment_register(nik=_nik(persons, 5), nama="Warga 5", segment="BPU", income=2_500_000, jht=True,
                              payer="SELF", month_from=MAR, month_to=MAR)
    assert (back.kind, back.monthly_amount) == ("reactivation", 81_800)
    assert enrolment_counts(scope=Scope(role="admin")) == {"new": {"provisional": 1}, "reactivation": {"provisional": 1}}


@pytest.mark.django_db
def test_register_refuses_active_invalid_duplicate_and_wrong_payer():
    persons = standard_persons()
    make_run(persons)
    with pytest.raises(UserError, match="aktif"):
        enrolment_register(nik=_nik(persons, 1), nama="Warga 1", segment="BPU", income=1, payer="SELF", month_from=MAR, month_to=MAR)
    with pytest.raises(UserError, match="NIK"):
        enrolment_register(nik="3402011506851", nama="X", segment="BPU", income=1, payer="SELF", month_from=MAR, month_to=MAR)
    with pytest.raises(UserError, match="Pembayar"):
        enrolment_register(nik=_nik(persons, 8), nama="X", segment="BPU", income=1, payer="EMPLOYER", month_from=MAR, month_to=MAR)
    enrolment_register(nik=_nik(persons, 8), nama="X", segment="BPU", income=1, payer="SELF", month_from=MAR, month_to=AUG)
    with pytest.raises(UserError, match="sudah didaftarkan"):
        enrolment_register(nik=_nik(persons, 8), nama="X", segment="BPU", income=1, payer="SELF", month_from=AUG, month_to=AUG)


@pytest.mark.django_db
def test_pu_payment_follows_the_jp_cap_month_by_month():
    persons = standard_persons()
    make_run(persons)
    e = enrolment_register(nik=_nik(persons, 10), nama="Warga 10", segment="PU", income=10_000_000, risk_class=2,
                           employer="CV Maju", payer="EMPLOYER", month_from=date(2023, 2, 1), month_to=date(2023, 3, 1))
    # February 2023 under the 2022 cap, March 2023 under the new cap; the government's JKP part not billed
    assert e.payments.get().amount == (937_328 - 11_000) + (951_788 - 11_000)
    assert e.programs == "JKK,JKM,JHT,JP,JKP"


@pytest.mark.django_db
def test_provisional_feed_and_confirmation_by_a_later_run():
    persons = standard_persons()
    make_run(persons)
    nik = _nik(persons, 8)
    e = enrolment_register(nik=nik, nama="Warga 8", segment="PADAT_KARYA", payer="APBDES", month_from=MAR, month_to=MAR,
                           batch="PK-2023-07")
    assert enrolments_provisional(as_of=date(2023, 2, 27)) == []
    assert enrolments_provisional(as_of=date(2023, 3, 31)) == [
        {"nik": nik, "segmen": "BPU", "program": "JKK,JKM", "paid_through": MAR}]
    payment_record(enrolment=e, month_from=date(2023, 4, 1), month_to=date(2023, 6, 1), payer="APBDES")
    assert enrolments_provisional(as_of=date(2023, 4, 30))[0]["paid_through"] == date(2023, 6, 1)
    with pytest.raises(UserError):
        payment_record(enrolment=e, month_from=date(2023, 5, 1), month_to=date(2023, 5, 1), payer="APBDES")
    provisional_only = dict(person(8, age=40, status="active", segment="BPU", paid_through=MAR), link_method="provisional")
    run_prov = make_run([p for p in persons if p["nik"] != nik] + [provisional_only], as_of=date(2023, 3, 31))
    assert enrolments_confirm(run=run_prov) == 0  # active only through the enrolment itself: not confirmed
    later = [p for p in persons if p["nik"] != nik] + [person(8, age=40, status="active", segment="BPU", paid_through=MAR)]
    run2 = make_run(later, as_of=date(2023, 3, 31))
    assert enrolments_confirm(run=run2) == 1
    e.refresh_from_db()
    assert e.status == Enrolment.Status.CONFIRMED and e.confirmed_run == run2
    assert enrolments_provisional(as_of=date(2023, 4, 30)) == []


@pytest.mark.django_db
def test_person_data_for_a_subject_access_request():
    from cakupan.accounts.scope import Scope
    from cakupan.outreach.selectors import person_data
    from cakupan.outreach.services import partner_create, worklist_make

    persons = standard_persons()
    make_run(persons)
    nik = _nik(persons, 8)
    worklist_make(partner=partner_create(name="P", kind="perisai"), area_code="34.02.01", scope=Scope(role="admin"))
    enrolment_register(nik=nik, nama="Warga 8", segment="BPU", income=1, payer="SELF", month_from=MAR, month_to=MAR)
    data = person_data(nik=nik)
    assert len(data["worklist_items"]) == 1 and data["enrolments"][0]["payments"][0]["amount"] == 16_800
    assert person_data(nik="3402000000000000") == {"worklist_items": [], "enrolments": [], "events_attended": [],
                                                   "attendance_rejected": []}
