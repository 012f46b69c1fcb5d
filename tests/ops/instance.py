"""A real instance for the crash and backup tests: the `cakupan` command in subprocesses on its own
CAKUPAN_HOME (an SQLite file there, as in production, or a PostgreSQL database via DATABASE_URL),
and a way to stop one with SIGKILL at a named moment (cakupan.core.processes.pause_point)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

AS_OF = date(2023, 2, 27)
CAKUPAN = [sys.executable, "-m", "cakupan.cli"]


def env(home: Path, *, db_url: str | None = None, **extra: str) -> dict:
    out = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("CAKUPAN_")}
    out.update(CAKUPAN_HOME=str(home), PYTHONPATH=str(Path.cwd()), **extra)
    if db_url:
        out["DATABASE_URL"] = db_url
    return out


def cli(home: Path, *args: str, db_url: str | None = None, check: bool = True, input_text: str | None = None,
        **extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*CAKUPAN, *args], env=env(home, db_url=db_url, **extra), capture_output=True,
                          text=True, timeout=600, input=input_text)
    if check and done.returncode != 0:
        raise AssertionError(f"cakupan {' '.join(args)} -> {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def killed_at(home: Path, moment: str, *args: str, db_url: str | None = None, timeout: float = 300) -> None:
    """Run `cakupan *args` until it reaches `moment`, then kill -9 it (the real signal)."""
    marker = home.parent / f"paused-{moment}"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen([*CAKUPAN, *args], env=env(home, db_url=db_url, CAKUPAN_TEST_PAUSE_AT=moment,
                                                       CAKUPAN_TEST_PAUSE_FILE=str(marker)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if proc.poll() is not None:
                raise AssertionError(f"cakupan {' '.join(args)} ended before {moment}: {proc.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"cakupan {' '.join(args)} never reached {moment}")
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def paused(home: Path, moment: str, *args: str, db_url: str | None = None) -> tuple[subprocess.Popen, Path]:
    """Start `cakupan *args` paused at `moment` (the caller kills it); returns it once paused."""
    marker = home.parent / f"paused-{moment}"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen([*CAKUPAN, *args], env=env(home, db_url=db_url, CAKUPAN_TEST_PAUSE_AT=moment,
                                                       CAKUPAN_TEST_PAUSE_FILE=str(marker)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, f"never reached {moment}"
        time.sleep(0.05)
    return proc, marker


def query(home: Path, sql: str, *params, timeout: float = 30):
    con = sqlite3.connect(home / "cakupan.sqlite3", timeout=timeout)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def imported(home: Path, synth: Path, *, db_url: str | None = None) -> None:
    for kind, name in (("population", "population.csv"), ("members", "members.csv")):
        cli(home, "import", kind, str(synth / name), "--as-of", AS_OF.isoformat(), db_url=db_url)
