"""A person erased on request (UU 27/2022 ps. 8; cakupan.privacy) is gone from the compliance lists
that hold their own copy of a NIK — a padat karya crew and an employer's reported workers — as from
every other person list (Scope.filter_persons). Expected rows written by hand."""
from __future__ import annotations

import pytest
from django.utils import timezone

from cakupan.accounts.scope import Scope
from cakupan.compliance import selectors_padat_karya as pk
from cakupan.compliance import selectors_pds as pds
from cakupan.compliance.services_padat_karya import project_crew_import
from cakupan.privacy.models import SubjectRequest, Tombstone
from tests.compliance.test_padat_karya import _crew, _project, persons  # noqa: F401  (fixture)
from tests.compliance.test_pds import N, loaded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _erase(nik: str) -> None:
    Tombstone.objects.create(nik=nik, request=SubjectRequest.objects.create(
        nik=nik, kind="deletion", reason="ps. 8", requested_by="ybs", received_at=timezone.now(), recorded_by_name="dpo"))


def test_an_erased_crew_member_is_not_on_the_crew_check(persons):  # noqa: F811
    project = _project()
    project_crew_import(project=project, rows=_crew(persons), by="t")
    before = {r.crew.nik for r in pk.crew_check(project=project).rows}
    _erase(persons[1]["nik"])
    after = {r.crew.nik for r in pk.crew_check(project=project).rows}
    assert persons[1]["nik"] in before and after == before - {persons[1]["nik"]}


def test_an_erased_worker_is_not_in_the_employers_findings(loaded):  # noqa: F811
    def check():
        return pds.employer_check(employer=pds.employer_access(scope=Scope(role="kepatuhan"), npp="11111111"))

    assert check().workers_listed == 5 and "Gita" in [e["nama"] for e in check().findings[0].evidence]
    _erase(N[6])   # Gita: listed, not a member
    c = check()
    assert c.workers_listed == 4 and "Gita" not in [e["nama"] for e in c.findings[0].evidence]
