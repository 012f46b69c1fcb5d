"""`kill -9` of a real worker process in the middle of an import and of a run: nothing partial is
ever visible; the next worker marks the job failed with a message; running it again succeeds.
Runs against its own CAKUPAN_HOME (an SQLite file shared by the processes, as in production)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CAKUPAN = [sys.executable, "-m", "cakupan.cli"]
SUBMIT = """
import sys
from datetime import date
from django.core.files import File
from cakupan.home import ensure_ready
ensure_ready()
from django.contrib.auth import get_user_model
from cakupan.accounts.services import user_create
from cakupan.jobs import services as s
from cakupan.jobs.models import Job
user = get_user_model().objects.filter(username="op").first() or user_create(username="op", role="operator", password="rahasia-panjang-1")
what = sys.argv[1]
if what == "run":
    job = s.job_run_submit(user=user)
elif what == "retry":
    job = s.job_retry(job=Job.objects.get(pk=int(sys.argv[2])), user=user)
else:
    path = sys.argv[2]
    with open(path, "rb") as fh:
        up = s.upload_save(file=File(fh, name=path.rsplit("/", 1)[-1]), kind=what, as_of=date(2023, 2, 27), user=user)
    job = s.job_import_submit(upload=up, user=user)
print(job.pk)
"""


def _env(home: Path, delay: float = 0) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(CAKUPAN_HOME=str(home), CAKUPAN_JOB_STEP_DELAY=str(delay), PYTHONPATH=str(Path.cwd()))
    return env


def _submit(home: Path, *args: str) -> int:
    out = subprocess.run([sys.executable, "-c", SUBMIT, *args], env=_env(home), capture_output=True, text=True,
                         check=True, timeout=300)
    return int(out.stdout.strip().splitlines()[-1])


def _query(home: Path, sql: str, *params):
    con = sqlite3.connect(home / "cakupan.sqlite3", timeout=30)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _job(home: Path, job_id: int) -> tuple[str, str, str]:
    return _query(home, "select status, step, message from jobs_job where id = ?", job_id)[0]


def _kill_when(home: Path, job_id: int, step_word: str) -> None:
    """Start a slow worker (it pauses at each step), kill -9 it once the job reaches `step_word`."""
    worker = subprocess.Popen([*CAKUPAN, "worker", "--interval", "0.2"], env=_env(home, delay=3),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            status, step, _ = _job(home, job_id)
            if status == "running" and step_word in step:
                break
            assert status in ("queued", "running"), (status, step)
            time.sleep(0.1)
        else:
            pytest.fail(f"job {job_id} never reached '{step_word}'")
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()


def _worker_once(home: Path) -> None:
    subprocess.run([*CAKUPAN, "worker", "--once", "--interval", "0"], env=_env(home), check=True, timeout=600,
                   capture_output=True)


@pytest.mark.slow
def test_kill_9_mid_import_and_mid_run_leaves_nothing_partial(tmp_path, small_synth):
    home = tmp_path / "home"
    job = _submit(home, "population", str(small_synth / "population.csv"))
    _kill_when(home, job, "Membaca")
    assert _job(home, job)[0] == "running"  # what a page shows until a worker starts again
    assert _query(home, "select count(*) from registries_snapshot") == [(0,)]
    _worker_once(home)
    status, _, message = _job(home, job)
    assert status == "failed" and "Pekerja berhenti" in message and "Jalankan lagi" in message
    assert _query(home, "select count(*) from registries_snapshot") == [(0,)]
    again = _submit(home, "retry", str(job))
    members = _submit(home, "members", str(small_synth / "members.csv"))
    _worker_once(home)
    assert _job(home, again)[0] == "done" and _job(home, members)[0] == "done"
    assert _query(home, "select count(*) from registries_snapshot") == [(2,)]

    run = _submit(home, "run")
    _kill_when(home, run, "Menerbitkan")
    assert _query(home, "select count(*) from coverage_coveragerun where status = 'DONE'") == [(0,)]
    _worker_once(home)
    assert _job(home, run)[0] == "failed"
    assert _query(home, "select count(*) from coverage_coveragerun where status in ('DONE', 'STARTED')") == [(0,)]
    rerun = _submit(home, "retry", str(run))
    _worker_once(home)
    assert _job(home, rerun)[0] == "done", _job(home, rerun)
    assert _query(home, "select count(*) from coverage_coveragerun where status = 'DONE'") == [(1,)]
