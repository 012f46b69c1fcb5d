"""run_publish: every owner's tables of a run directory in one transaction, STARTED -> DONE | FAILED."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.compliance.models import RosterStatus
from cakupan.coverage import selectors
from cakupan.coverage.models import CoverageFact, CoverageFlow, CoverageHistory, CoverageRun, PersonStatus
from cakupan.errors import UserError
from cakupan.linkage.models import MemberLink, ReviewItem
from cakupan.runs.services import run_publish

AS_OF = date(2023, 2, 27)


@pytest.mark.django_db
def test_run_publish_loads_every_owners_tables(run_dir):
    run = run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={"counts": {"exact": 6}})
    assert run.status == CoverageRun.Status.DONE and run.finished_at is not None
    assert PersonStatus.objects.filter(run=run).count() == 12  # the PNS is counted out, not listed
    assert CoverageFact.objects.filter(run=run).count() > 0
    total = selectors.coverage_total(run=run, scope=Scope(role="admin"))
    assert (total.workforce, total.active, total.nonactive) == (12, 4, 2)
    item = ReviewItem.objects.get(run=run)
    assert item.member["nama"] == "SOEPARMAN" and item.candidate["nama"] == "SUPARMAN"
    assert item.candidate["tanggal_lahir"] == "1980-01-07" and item.kalurahan_code == "34.02.01.2002"
    assert run.summary["published"] == {"facts": CoverageFact.objects.filter(run=run).count(), "persons": 12, "review": 1,
                                      "flows": CoverageFlow.objects.filter(run=run).count()}
    assert run.summary["counts"] == {"exact": 6}
    roster = list(RosterStatus.objects.filter(run=run).order_by("id").values("roster_kind", "nik", "nama", "status"))
    assert roster == [{"roster_kind": "perangkat_desa", "nik": "3402010101900000", "nama": "WARGA 0", "status": "active"},
                      {"roster_kind": "opd", "nik": None, "nama": None, "status": "none"}]
    links = list(MemberLink.objects.filter(run=run).order_by("id").values_list("member_key", "person_nik", "kpj"))
    assert links == [("11000000001", "3402010101900000", "11000000001"), ("row:3", "3402010101900003", None)]
    assert CoverageHistory.objects.filter(as_of=AS_OF, source="run", area_code="34.02", segment="ALL").count() == 1


@pytest.mark.django_db
def test_run_publish_without_roster_or_links_files(run_dir):
    (run_dir / "roster_status.parquet").unlink()
    (run_dir / "links.parquet").unlink()
    run = run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    assert run.status == CoverageRun.Status.DONE
    assert not RosterStatus.objects.exists() and not MemberLink.objects.exists()


@pytest.mark.django_db
def test_run_publish_incomplete_dir_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as err:
        run_publish(run_dir=tmp_path, as_of=AS_OF, engine="duckdb", summary={})
    assert err.value.code == "run.incomplete"
    assert not CoverageRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("broken", ["review.parquet", "roster_status.parquet", "links.parquet"])
def test_run_publish_failure_marks_run_failed_and_keeps_nothing(run_dir, broken):
    (run_dir / broken).write_bytes(b"not parquet")
    with pytest.raises(Exception):
        run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    run = CoverageRun.objects.get()
    assert run.status == CoverageRun.Status.FAILED
    assert not PersonStatus.objects.exists() and not CoverageFact.objects.exists()
    assert not ReviewItem.objects.exists() and not RosterStatus.objects.exists() and not MemberLink.objects.exists()
    assert not CoverageHistory.objects.exists()
