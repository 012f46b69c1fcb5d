"""cakupan.coverage.selectors.persons: scoped, masked, audited person lists of a run."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.coverage.selectors import PersonFilter, person_nik_reveal, person_row, persons_in_area, persons_viewed
from tests.web.factories import KAL_A, KAL_B, KAP_A, run_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    return run_make(with_history=False).run


def test_lists_start_at_a_kalurahan(run):
    analis = Scope(role="analis")
    kal = persons_in_area(scope=analis, run=run, area_code=KAL_A, flt=PersonFilter())
    assert kal.count() and {p.status for p in kal} == {"none", "nonactive"}
    pad = persons_in_area(scope=analis, run=run, area_code=f"{KAL_A}.krajan", flt=PersonFilter(status="none"))
    assert pad.count() and {(p.padukuhan_code, p.status) for p in pad} == {(f"{KAL_A}.krajan", "none")}
    with pytest.raises(Http404):
        persons_in_area(scope=analis, run=run, area_code=KAP_A, flt=PersonFilter())


def test_scope_refuses_aggregate_roles_and_other_areas(run):
    with pytest.raises(PermissionDenied):
        persons_in_area(scope=Scope(role="pimpinan"), run=run, area_code=KAL_A, flt=PersonFilter())
    with pytest.raises(Http404):
        persons_in_area(scope=Scope(role="kalurahan", area_code=KAL_A), run=run, area_code=KAL_B, flt=PersonFilter())


def test_rows_masked_unless_the_role_needs_the_nik(run):
    p = persons_in_area(scope=Scope(role="analis"), run=run, area_code=KAL_A, flt=PersonFilter()).first()
    assert person_row(p, Scope(role="analis"))["nik"] == p.nik
    masked = person_row(p, Scope(role="kalurahan", area_code=KAL_A))["nik"]
    assert masked != p.nik and masked[:4] == p.nik[:4] and "*" in masked


def test_views_and_reveals_are_audited(run, django_user_model):
    user = django_user_model.objects.create_user(username="analis")
    scope = Scope(role="analis")
    flt = PersonFilter(q="krajan")
    persons_viewed(user=user, scope=scope, area_code=KAL_A, flt=flt, rows=7, page=2, via="api")
    log = AuditLog.objects.get(action="view_persons")
    assert log.rows == 7 and log.detail == {"area": KAL_A, "filter": {"status": "uncovered", "q": "krajan"},
                                            "page": 2, "via": "api"}
    p = persons_in_area(scope=scope, run=run, area_code=KAL_B, flt=PersonFilter()).first()
    assert person_nik_reveal(user=user, scope=scope, run=run, person_id=p.pk) == p
    assert AuditLog.objects.get(action="reveal_nik").detail["person_id"] == p.pk
    with pytest.raises(Http404):
        person_nik_reveal(user=user, scope=Scope(role="kalurahan", area_code=KAL_A), run=run, person_id=p.pk)
