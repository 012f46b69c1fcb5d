"""runs_expire (`cakupan prune`): old runs go with their rows and folders, but never the latest
published run, the latest run of each month, or a run a report (or a worklist) refers to."""
from __future__ import annotations

import logging
import shutil
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.runs.retention import runs_expire
from cakupan.runs.services import run_publish

JAN, FEB = date(2023, 1, 31), date(2023, 2, 27)


@pytest.fixture
def runs(run_dir, cakupan_home):
    """r1 Jan (superseded), r2 Jan (the month's latest), r6 Feb (superseded, recent), r3 Feb
    (superseded, a report refers to it), r5 Feb FAILED, r4 Feb (the latest); all but r6 old."""
    made = {}
    for name, as_of in (("r1", JAN), ("r2", JAN), ("r6", FEB), ("r3", FEB), ("r5", FEB), ("r4", FEB)):
        folder = cakupan_home / "runs" / name
        shutil.copytree(run_dir, folder)
        made[name] = run_publish(run_dir=folder, as_of=as_of, engine="duckdb", summary={}, home=cakupan_home)
    CoverageRun.objects.filter(pk=made["r5"].pk).update(status=CoverageRun.Status.FAILED)
    old = timezone.now() - timedelta(days=40)
    CoverageRun.objects.exclude(pk=made["r6"].pk).update(started_at=old)
    apps.get_model("reports", "SentReport").objects.create(run=made["r3"], area_code="34.02", as_of=FEB, status="saved")
    return made


@pytest.mark.django_db
def test_prune_keeps_latest_month_latest_and_referenced_runs(runs, cakupan_home, caplog):
    ids = {name: run.pk for name, run in runs.items()}
    preview = runs_expire(older_than_days=30, dry_run=True)
    assert [r.id for r in preview] == [ids["r1"], ids["r5"]]
    assert CoverageRun.objects.count() == 6 and (cakupan_home / "runs" / "r1").is_dir()

    with caplog.at_level(logging.INFO, logger="cakupan.runs.retention"):
        gone = runs_expire(older_than_days=30)
    assert [(r.id, r.status, r.folder) for r in gone] == [(ids["r1"], "DONE", "runs/r1"), (ids["r5"], "FAILED", "runs/r5")]
    assert set(CoverageRun.objects.values_list("pk", flat=True)) == {ids[n] for n in ("r2", "r3", "r4", "r6")}
    assert sorted(p.name for p in (cakupan_home / "runs").iterdir()) == ["r2", "r3", "r4", "r6"]
    assert not PersonStatus.objects.filter(run_id__in=[ids["r1"], ids["r5"]]).exists()
    assert PersonStatus.objects.filter(run_id=ids["r4"]).count() == 12
    assert sum("prune: run" in m for m in caplog.messages) == 2
    assert runs_expire(older_than_days=30) == []  # nothing left to prune

    # a shorter period reaches the recent superseded run; the latest ones stay whatever the period
    assert [r.id for r in runs_expire(older_than_days=0)] == [ids["r6"]]
    assert set(CoverageRun.objects.values_list("pk", flat=True)) == {ids[n] for n in ("r2", "r3", "r4")}


@pytest.mark.django_db
def test_prune_refuses_a_negative_period(cakupan_home):
    from cakupan.errors import UserError

    with pytest.raises(UserError, match="negatif"):
        runs_expire(older_than_days=-1)
