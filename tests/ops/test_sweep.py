"""home_sweep in process: leftovers are removed only while no import or run holds the files lock
(a live import's temporaries are never taken for a dead one's); a STARTED run of a dead process
is failed with its reason, one of a live process is left alone."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cakupan.core.locks import home_lock
from cakupan.ops.sweep import home_sweep

pytestmark = pytest.mark.django_db


def test_sweep_waits_for_writers_then_removes_leftovers(cakupan_home):
    folder = cakupan_home / "snapshots" / "population"
    folder.mkdir(parents=True)
    tmp, orphan, scratch = folder / ".tmp-abc.parquet", folder / "7.parquet", folder / ".tmp-x.work"
    tmp.write_bytes(b"")
    orphan.write_bytes(b"PAR1")
    scratch.mkdir()
    (cakupan_home / "runs" / "2023-02-27-x").mkdir(parents=True)
    with home_lock("files", shared=True):  # an import is writing
        assert home_sweep()["files"] == []
    assert tmp.exists() and orphan.exists()
    done = home_sweep()
    assert sorted(p.name for p in done["files"]) == [".tmp-abc.parquet", ".tmp-x.work", "7.parquet"]
    assert [p.name for p in done["run_folders"]] == ["2023-02-27-x"]
    assert list(folder.iterdir()) == [] and list((cakupan_home / "runs").iterdir()) == []


def test_sweep_fails_runs_of_dead_processes_only(cakupan_home):
    from cakupan.coverage.models import CoverageRun
    from cakupan.core.processes import process_tag

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = process_tag().rpartition(":")[0]
    gone = CoverageRun.objects.create(as_of="2023-02-27", summary={"process": f"{host}:{dead.stdout.strip()}"})
    alive = CoverageRun.objects.create(as_of="2023-02-27", summary={"process": f"{host}:{os.getppid()}"})
    elsewhere = CoverageRun.objects.create(as_of="2023-02-27", summary={"process": "another-host:1"})
    assert home_sweep()["runs_failed"] == [gone.pk]
    gone.refresh_from_db()
    assert gone.status == "FAILED" and "died while publishing" in gone.summary["failure"]
    assert set(CoverageRun.objects.filter(status="STARTED").values_list("pk", flat=True)) == {alive.pk, elsewhere.pk}
