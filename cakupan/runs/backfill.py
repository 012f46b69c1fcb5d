"""A year of member extracts in one step (issue 15): import each month-end extract in date order
and run that month, then recount every published run's flows against the run before it.

    outcome = history_backfill(folder=Path("synth/history"))   # members-YYYY-MM-DD.csv files
    outcome.months  -> [(date, "run" | "skipped", run id)]

The population snapshot used for an early month is the latest on or before it, else the earliest
after it (a population extract is rarely taken monthly); the run's warnings say when the two are
more than three months apart. Months already published are skipped unless `again`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from cakupan.errors import UserError

NAME = re.compile(r"^members-(\d{4}-\d{2}-\d{2})\.(csv|xlsx|parquet)$", re.I)


@dataclass
class BackfillOutcome:
    months: list[tuple[date, str, int | None]] = field(default_factory=list)
    flows_recounted: int = 0


def extracts_found(folder: Path) -> list[tuple[date, Path]]:
    """The members-YYYY-MM-DD.* files of a folder, oldest first."""
    if not folder.is_dir():
        raise UserError(f"Folder tidak ditemukan: {folder}", code="backfill.folder")
    found = []
    for path in folder.iterdir():
        m = NAME.match(path.name)
        if m:
            try:
                found.append((date.fromisoformat(m.group(1)), path))
            except ValueError:
                raise UserError(f"Tanggal di nama berkas tidak sah: {path.name}", code="backfill.name") from None
    if not found:
        raise UserError(f"Tidak ada berkas members-YYYY-MM-DD.csv di {folder}. Buat dengan: cakupan synth --region <kode> "
                        "--history-months 12, atau beri nama ekstrak peserta tiap akhir bulan begitu.",
                        code="backfill.empty")
    return sorted(found)


def history_backfill(*, folder: Path, again: bool = False, user=None,
                     on_month: Callable[[date, str], None] | None = None) -> BackfillOutcome:
    from cakupan.coverage.selectors import runs_done
    from cakupan.coverage.services import flows_refresh
    from cakupan.registries.services import snapshot_import

    from .services import run_execute

    notify = on_month or (lambda d, what: None)
    published = {r.as_of for r in runs_done(limit=None, light=True)}
    out = BackfillOutcome()
    for as_of, path in extracts_found(Path(folder)):
        if as_of in published and not again:
            out.months.append((as_of, "skipped", None))
            notify(as_of, "skipped")
            continue
        notify(as_of, "import")
        snapshot_import(kind="members", path=path, as_of=as_of, user=user)
        notify(as_of, "run")
        outcome = run_execute(as_of=as_of, user=user, backfill=True)
        out.months.append((as_of, "run", outcome.run.pk))
    out.flows_recounted = flows_refresh()
    return out
