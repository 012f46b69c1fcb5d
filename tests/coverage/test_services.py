"""Coverage's part of publishing a run (facts, persons, history), the run record, the monthly history."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors
from cakupan.coverage.models import CoverageFact, CoverageHistory, CoverageRun, PersonStatus
from cakupan.coverage.services import coverage_publish, run_fail, run_finish, run_start
from cakupan.errors import UserError

AS_OF = date(2023, 2, 27)
ALL = Scope(role="admin")


def _publish(run_dir):
    run = run_start(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    return run, coverage_publish(run=run, run_dir=run_dir)


@pytest.mark.django_db
def test_coverage_publish_loads_facts_and_persons(run_dir):
    run, counts = _publish(run_dir)
    assert run.status == CoverageRun.Status.STARTED and counts["persons"] == 12  # the PNS is counted out, not listed
    assert counts["facts"] == CoverageFact.objects.filter(run=run).count() > 0
    run_finish(run=run, summary={"published": counts})
    total = selectors.coverage_total(run=run, scope=ALL)
    assert (total.workforce, total.active, total.nonactive) == (12, 4, 2)
    p = PersonStatus.objects.get(run=run, nik="3402010101900000")
    assert p.paid_through == date(2023, 2, 1) and p.status == "active" and p.segment == "BPU"
    assert p.months_behind is None and p.lapse_month is None  # a run directory from before those columns


@pytest.mark.django_db
def test_coverage_publish_carries_months_behind_and_lapse_month(run_dir):
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    tbl = pq.read_table(run_dir / "person_status.parquet")
    behind = pc.if_else(tbl["paid_through"].is_null(), None, 0).cast("int32")
    lapse = pc.if_else(tbl["paid_through"].is_null(), None, date(2023, 6, 1))
    pq.write_table(tbl.append_column("months_behind", behind).append_column("lapse_month", lapse),
                   run_dir / "person_status.parquet")
    run, _counts = _publish(run_dir)
    p = PersonStatus.objects.get(run=run, nik="3402010101900000")
    assert (p.months_behind, p.lapse_month) == (0, date(2023, 6, 1))
    assert PersonStatus.objects.filter(run=run, status="none", lapse_month__isnull=True).count() == 6


@pytest.mark.django_db
def test_coverage_publish_writes_history_for_the_as_of(run_dir):
    _publish(run_dir)
    kab = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02", segment="ALL", source="run")
    assert (kab.area_kind, kab.workforce, kab.active, kab.nonactive) == ("kabupaten", 12, 4, 2)
    bpu = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02.01", segment="BPU")
    assert (bpu.workforce, bpu.active) == (10, 3)  # kapanewon workforce, BPU actives
    kal = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02.01.2001", segment="PU")
    assert (kal.active, kal.nonactive) == (0, 2)
    # publishing the same as-of again replaces the history rows, it does not duplicate them
    _publish(run_dir)
    assert CoverageHistory.objects.filter(as_of=AS_OF, area_code="34.02", segment="ALL").count() == 1


@pytest.mark.django_db
def test_coverage_publish_incomplete_dir_is_a_user_error(tmp_path):
    run = run_start(run_dir=tmp_path, as_of=AS_OF, engine="duckdb", summary={})
    with pytest.raises(UserError):
        coverage_publish(run=run, run_dir=tmp_path)
    run_fail(run=run)
    assert CoverageRun.objects.get().status == CoverageRun.Status.FAILED
