"""Publishing a run directory and loading the monthly history."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors
from cakupan.coverage.models import CoverageFact, CoverageHistory, CoverageRun, PersonStatus
from cakupan.coverage.services import history_load, run_publish
from cakupan.errors import UserError

AS_OF = date(2023, 2, 27)
ALL = Scope(role="admin")


@pytest.mark.django_db
def test_run_publish_loads_every_mart(run_dir):
    from cakupan.linkage.models import ReviewItem

    run = run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={"counts": {"exact": 6}})
    assert run.status == CoverageRun.Status.DONE and run.finished_at is not None
    assert PersonStatus.objects.filter(run=run).count() == 12  # the PNS is counted out, not listed
    assert CoverageFact.objects.filter(run=run).count() > 0
    total = selectors.coverage_total(run=run, scope=ALL)
    assert (total.workforce, total.active, total.nonactive) == (12, 4, 2)
    item = ReviewItem.objects.get(run=run)
    assert item.member["nama"] == "SOEPARMAN" and item.candidate["nama"] == "SUPARMAN"
    assert item.candidate["tanggal_lahir"] == "1980-01-07" and item.kalurahan_code == "34.02.01.2002"
    p = PersonStatus.objects.get(run=run, nik="3402010101900000")
    assert p.paid_through == date(2023, 2, 1) and p.status == "active" and p.segment == "BPU"
    assert run.summary["published"]["persons"] == 12


@pytest.mark.django_db
def test_run_publish_writes_history_for_the_as_of(run_dir):
    run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    kab = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02", segment="ALL", source="run")
    assert (kab.area_kind, kab.workforce, kab.active, kab.nonactive) == ("kabupaten", 12, 4, 2)
    bpu = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02.01", segment="BPU")
    assert (bpu.workforce, bpu.active) == (10, 3)  # kapanewon workforce, BPU actives
    kal = CoverageHistory.objects.get(as_of=AS_OF, area_code="34.02.01.2001", segment="PU")
    assert (kal.active, kal.nonactive) == (0, 2)
    # publishing the same as-of again replaces the history rows, it does not duplicate them
    run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    assert CoverageHistory.objects.filter(as_of=AS_OF, area_code="34.02", segment="ALL").count() == 1
    assert selectors.run_latest(as_of=AS_OF).pk == CoverageRun.objects.order_by("-id").first().pk


@pytest.mark.django_db
def test_run_publish_incomplete_dir_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        run_publish(run_dir=tmp_path, as_of=AS_OF, engine="duckdb", summary={})
    assert not CoverageRun.objects.exists()


@pytest.mark.django_db
def test_run_publish_failure_marks_run_failed(run_dir):
    (run_dir / "review.parquet").write_bytes(b"not parquet")
    with pytest.raises(Exception):
        run_publish(run_dir=run_dir, as_of=AS_OF, engine="duckdb", summary={})
    run = CoverageRun.objects.get()
    assert run.status == CoverageRun.Status.FAILED
    assert not PersonStatus.objects.exists() and not CoverageFact.objects.exists()


@pytest.mark.django_db
def test_history_load_rolls_up(tmp_path):
    csv = tmp_path / "monthly.csv"
    csv.write_text(
        "month,kalurahan_code,segment,enrolled,lapsed,active_end,workforce\n"
        "2023-01,34.02.01.2001,BPU,5,1,40,100\n"
        "2023-01,34.02.01.2001,PU,2,0,20,100\n"
        "2023-01,34.02.02.2001,BPU,1,1,10,50\n"
        "2023-02,34.02.01.2001,BPU,3,2,41,101\n"
    )
    n = history_load(path=csv)
    assert n == CoverageHistory.objects.filter(source="history").count()
    kab = CoverageHistory.objects.get(as_of=date(2023, 1, 31), area_code="34.02", segment="ALL")
    assert (kab.workforce, kab.active, kab.enrolled, kab.lapsed) == (150, 70, 8, 2)
    kap = CoverageHistory.objects.get(as_of=date(2023, 1, 31), area_code="34.02.01", segment="PU")
    assert (kap.workforce, kap.active) == (100, 20)
    assert CoverageHistory.objects.get(as_of=date(2023, 2, 28), area_code="34.02.01.2001", segment="ALL").active == 41
    assert history_load(path=csv) == n  # reloading replaces, never duplicates
    assert CoverageHistory.objects.filter(source="history").count() == n


@pytest.mark.django_db
def test_history_load_missing_file(tmp_path):
    with pytest.raises(UserError):
        history_load(path=tmp_path / "nope.csv")
