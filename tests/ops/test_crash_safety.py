"""`kill -9` of a real `cakupan` process at the named moment (cakupan.core.processes.pause_point),
then the next start (any command: cakupan.ops.sweep.home_sweep) leaves nothing partial or orphan,
a dead run is marked FAILED with its reason, and doing it again succeeds and counts nothing twice.
SQLite in CAKUPAN_HOME, as a single-machine install runs."""
from __future__ import annotations

import json
import time

import pytest

from tests.ops.instance import AS_OF, cli, imported, killed_at, paused, query

pytestmark = pytest.mark.slow


def _snapshot_files(home):
    return sorted(p.name for p in (home / "snapshots" / "population").iterdir())


def _next_start(home):
    cli(home, "wilayah", "show", "34.02")  # any command: it initialises the instance, so it sweeps


@pytest.mark.parametrize("moment", ["snapshot-writing", "snapshot-renamed"])
def test_import_killed_leaves_no_file_after_next_start(tmp_path, ops_synth, moment):
    home = tmp_path / "home"
    population = str(ops_synth / "population.csv")
    killed_at(home, moment, "import", "population", population, "--as-of", AS_OF.isoformat())
    left = _snapshot_files(home)
    if moment == "snapshot-writing":  # the temporary files of the killed import
        assert any(n.startswith(".tmp-") and n.endswith(".parquet") for n in left), left
    else:  # renamed into place, the row never committed: an orphan <id>.parquet
        assert "1.parquet" in left and "1.quarantine.parquet" in left, left
    assert query(home, "select count(*) from registries_snapshot") == [(0,)]

    _next_start(home)
    assert _snapshot_files(home) == []

    cli(home, "import", "population", population, "--as-of", AS_OF.isoformat())
    rows = query(home, "select id, rows_read, rows_loaded, data_path from registries_snapshot")
    assert len(rows) == 1
    snap_id, read, loaded, data_path = rows[0]
    assert read == sum(1 for _ in open(population, encoding="utf-8")) - 1 and loaded > 0
    assert sorted(_snapshot_files(home)) == sorted([f"{snap_id}.parquet", f"{snap_id}.quarantine.parquet"])
    assert (home / data_path).is_file()


def test_run_killed_while_publishing_is_failed_with_reason_and_rerun_counts_once(tmp_path, ops_synth):
    home = tmp_path / "home"
    imported(home, ops_synth)
    # while the run publishes (its write transaction open), a reader does not wait (WAL)
    proc, _ = paused(home, "run-publishing", "link", "--as-of", AS_OF.isoformat())
    try:
        assert query(home, "pragma journal_mode") == [("wal",)]
        t0 = time.perf_counter()
        assert query(home, "select count(*) from coverage_coveragerun where status = 'DONE'", timeout=6) == [(0,)]
        waited = time.perf_counter() - t0
        assert waited < 0.5, f"a reader waited {waited:.2f} s during publish"
    finally:
        proc.kill()
        proc.wait()
    (run_id, status, summary), = query(home, "select id, status, summary from coverage_coveragerun")
    assert status == "STARTED"
    assert json.loads(summary)["process"].endswith(f":{proc.pid}")
    run_dir = query(home, "select run_dir from coverage_coveragerun")[0][0]
    assert (home / run_dir).is_dir()
    assert query(home, "select count(*) from coverage_personstatus") == [(0,)]  # rolled back

    _next_start(home)
    status, summary = query(home, "select status, summary from coverage_coveragerun where id = ?", run_id)[0]
    failure = json.loads(summary)["failure"]
    assert status == "FAILED" and "died while publishing" in failure and "proses" in failure
    assert not (home / run_dir).exists()  # the failed run's folder is gone

    cli(home, "link", "--as-of", AS_OF.isoformat())
    done = query(home, "select id, summary from coverage_coveragerun where status = 'DONE'")
    assert len(done) == 1
    summary = json.loads(done[0][1])
    totals, published = summary["totals"], summary["published"]
    assert query(home, "select count(*), count(distinct run_id) from coverage_personstatus") == [(published["persons"], 1)]
    assert query(home, "select count(*), count(distinct run_id) from coverage_coveragefact") == [(published["facts"], 1)]
    history = query(home, "select workforce, active from coverage_coveragehistory"
                          " where source = 'run' and area_kind = 'kabupaten' and segment = 'ALL'")
    assert history == [(totals["workforce"], totals["active"])]
    assert len(list((home / "runs").iterdir())) == 1


def test_run_killed_before_publishing_leaves_no_folder(tmp_path, ops_synth):
    """Killed during the pipeline (no run row yet): its folder is an orphan, swept at next start."""
    home = tmp_path / "home"
    imported(home, ops_synth)
    killed_at(home, "run-publishing", "link", "--as-of", AS_OF.isoformat())
    query(home, "delete from coverage_coveragerun")  # as if killed before run_start recorded it
    assert len(list((home / "runs").iterdir())) == 1
    _next_start(home)
    assert list((home / "runs").iterdir()) == []
