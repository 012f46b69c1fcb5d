"""Compliance's write: publishing a run's roster_status mart into RosterStatus.

    n = roster_status_publish(run=run, path=run_dir / "roster_status.parquet")

Called by the run orchestrator (cakupan.runs.services) inside the run's publish transaction, so
the compliance pages read the database, never a run file.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from cakupan.coverage.bulk import run_rows_insert

from .models import RosterStatus

ROSTER_COLS = ["roster_kind", "nik", "nama", "jabatan", "org", "project_code", "kode_wilayah", "status", "segment",
               "kpj", "in_population"]
ROSTER_DEFAULTS = {"jabatan": "", "org": "", "project_code": "", "kode_wilayah": ""}


def roster_status_publish(*, run, path: Path) -> int:
    """Every row of the run's roster_status mart, in file order; nothing when the run wrote none.
    Returns the count."""
    path = Path(path)
    if not path.exists():
        return 0
    tbl = pq.ParquetFile(path).read(columns=ROSTER_COLS)
    return run_rows_insert(RosterStatus, run_id=run.pk, tbl=tbl, cols=ROSTER_COLS, defaults=ROSTER_DEFAULTS)
