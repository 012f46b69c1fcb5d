"""Which process does a piece of work, and is it still alive: `host:pid` tags recorded with a job
or a run, so that the next start can tell a dead one (killed, machine rebooted) from a live one.

    tag = process_tag()               # "web-1:4242"
    process_gone(tag)                 # True when that process is not running on this host
    pause_point("publish")            # tests only: see CAKUPAN_TEST_PAUSE_AT below
"""
from __future__ import annotations

import os
import socket
import time
from pathlib import Path


def process_tag() -> str:
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) is dead too
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def process_gone(tag: str) -> bool | None:
    """True: the tagged process ran on this host and is dead; False: alive; None: another host
    (or no tag), cannot tell from here."""
    host, _, pid = (tag or "").rpartition(":")
    if host != socket.gethostname()[:50] or not pid.isdigit():
        return None
    return int(pid) != os.getpid() and not pid_alive(int(pid))


def pause_point(moment: str) -> None:
    """Crash tests only (tests/ops/test_crash_safety.py): when CAKUPAN_TEST_PAUSE_AT names this
    moment, write CAKUPAN_TEST_PAUSE_FILE (the test waits for it) and sleep, so the test can send
    SIGKILL at exactly this point. Unset (always, outside those tests): returns at once.
    Moments: snapshot-writing (a temporary snapshot file exists), snapshot-renamed (files renamed
    into place, row not committed), run-publishing (run STARTED, publish transaction open)."""
    if os.environ.get("CAKUPAN_TEST_PAUSE_AT") != moment:
        return
    marker = os.environ.get("CAKUPAN_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("CAKUPAN_TEST_PAUSE_SECONDS", "600")))
