"""The startup sweep: what killed processes left is settled before anything else runs.

    home_sweep()   # {"runs_failed": [7], "files": [Path(...)], "run_folders": [Path(...)]}

Called by cakupan.home.ensure_ready, so at every start: each CLI command, `cakupan worker`,
`cakupan serve`. Tested with real `kill -9` in tests/ops/test_crash_safety.py."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def home_sweep() -> dict[str, list]:
    """What killed processes left, settled at every start (each CLI command, the worker, `cakupan
    serve`): runs STARTED by a process that is gone -> FAILED with the reason; then, when no import
    or run is writing (home_lock "files") and no backup or prune is copying or deleting
    ("maintenance"), temporary and orphan snapshot files and the folders of unrecorded or failed
    runs are removed. Everything removed is logged (warning) and returned."""
    from cakupan.core.locks import home_lock
    from cakupan.coverage.services import runs_dead_fail
    from cakupan.registries.services import snapshot_files_sweep
    from cakupan.runs.retention import run_folders_sweep

    done: dict[str, list] = {"runs_failed": runs_dead_fail(), "files": [], "run_folders": []}
    with home_lock("maintenance", shared=False, wait=False) as quiet, \
            home_lock("files", shared=False, wait=False) as idle:
        if quiet and idle:
            done["files"] = snapshot_files_sweep()
            done["run_folders"] = run_folders_sweep()
        else:
            log.info("sweep skipped: an import, run, backup or prune is in progress")
    return done

