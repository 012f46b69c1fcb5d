"""Writes of the coverage marts: the run record, a run's facts / persons / history / flows.

    run = run_start(run_dir=home / "runs/7", as_of=date(2023, 2, 27), engine="duckdb", summary={...})
    counts = coverage_publish(run=run, run_dir=home / "runs/7")   # inside the caller's transaction
    run_finish(run=run, summary={**run.summary, "published": counts})

The run orchestrator (cakupan.runs.services) calls these inside one transaction together with the
other owners' publishes, so pages never see a half-published run. Loads are in bulk (raw
executemany on SQLite, COPY on PostgreSQL).
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone

from cakupan.core.processes import process_gone, process_tag
from cakupan.errors import UserError
from cakupan.pipeline.flows import FLOW_COLUMNS, flows_compute

from .bulk import bulk_insert, run_rows_insert
from .history import (
    HISTORY_FIELDS,
    history_counts,
    history_rows_from_counts,
)
from .models import CoverageFact, CoverageFlow, CoverageHistory, CoverageRun, PersonStatus
from .selectors.runs import run_folder

log = logging.getLogger(__name__)

FACT_COLS = ["kabupaten_code", "kapanewon_code", "kalurahan_code", "padukuhan_code", "ecosystem", "segment",
             "sex", "age_band", "workforce", "active", "nonactive", "provisional"]
FACT_OPTIONAL = {"provisional"}  # absent from run directories written before it existed (read as 0)
PERSON_COLS = ["nik", "nama", "sex", "birth_date", "age", "kapanewon_code", "kalurahan_code", "padukuhan_code",
               "pekerjaan_kode", "ecosystem", "status", "segment", "kpj", "paid_through", "link_method",
               "months_behind", "lapse_month"]
PERSON_OPTIONAL = {"months_behind", "lapse_month"}  # absent from run directories written before they existed
PERSON_BATCH = 500_000
PERSON_DEFAULTS = {"nama": "", "sex": "", "kpj": "", "link_method": "", "segment": "NONE", "ecosystem": "lainnya"}


def run_start(
    *,
    run_dir: Path,
    as_of: date,
    engine: str,
    population_snapshot=None,
    member_snapshot=None,
    summary: dict,
    home: Path | None = None,
) -> CoverageRun:
    """The run record, STARTED (outside any publish transaction, so a failure can be recorded).
    summary["process"] records who publishes it (host:pid): a run whose process is gone is marked
    FAILED at the next start (runs_dead_fail)."""
    run_dir = Path(run_dir)
    rel = str(run_dir.relative_to(home)) if home and run_dir.is_relative_to(home) else str(run_dir)
    return CoverageRun.objects.create(
        as_of=as_of, engine=engine, population_snapshot=population_snapshot, member_snapshot=member_snapshot,
        run_dir=rel, summary={**summary, "process": process_tag()}, status=CoverageRun.Status.STARTED,
    )


def run_finish(*, run: CoverageRun, summary: dict) -> CoverageRun:
    """STARTED -> DONE with the final summary (call inside the publish transaction)."""
    run.status = CoverageRun.Status.DONE
    run.finished_at = timezone.now()
    run.summary = summary
    run.save(update_fields=["status", "finished_at", "summary"])
    return run


def run_fail(*, run: CoverageRun, reason: str = "") -> None:
    """STARTED -> FAILED (after the publish transaction rolled back), with the reason in
    summary["failure"]."""
    _runs_fail(CoverageRun.objects.filter(pk=run.pk), reason=reason or "publikasi gagal (publish failed)")


def _runs_fail(runs, *, reason: str) -> list[int]:
    failed = []
    for run in runs.filter(status=CoverageRun.Status.STARTED):
        n = CoverageRun.objects.filter(pk=run.pk, status=CoverageRun.Status.STARTED).update(
            status=CoverageRun.Status.FAILED, finished_at=timezone.now(),
            summary={**(run.summary or {}), "failure": reason[:500]})
        if n:
            failed.append(run.pk)
    return failed


def runs_abandoned_fail(*, started_since, reason: str = "") -> int:
    """STARTED runs whose process died (a worker killed mid-run) -> FAILED with `reason`; they
    were never visible (pages read DONE runs only). Returns how many."""
    return len(_runs_fail(CoverageRun.objects.filter(started_at__gte=started_since),
                          reason=reason or "pekerja berhenti di tengah run (the worker died during the run)"))


def runs_dead_fail() -> list[int]:
    """STARTED runs whose publishing process (summary["process"], host:pid) is no longer running on
    this host -> FAILED with the reason; never visible (pages read DONE runs only), their
    half-published rows were rolled back with the transaction. Returns their ids."""
    dead = []
    for run in CoverageRun.objects.filter(status=CoverageRun.Status.STARTED).only("pk", "summary"):
        tag = (run.summary or {}).get("process", "")
        if process_gone(tag):
            dead += _runs_fail(CoverageRun.objects.filter(pk=run.pk),
                               reason=f"proses {tag} berhenti sebelum run selesai diterbitkan"
                                      f" (process {tag} died while publishing)")
    for pk in dead:
        log.warning("run %s: its process is gone; marked FAILED", pk)
    return dead


def coverage_publish(*, run: CoverageRun, run_dir: Path) -> dict[str, int]:
    """Load coverage's marts of a run directory (coverage.parquet, person_status.parquet) into
    CoverageFact and PersonStatus, and the run's CoverageHistory rows (replacing earlier run rows of
    the same as-of). Runs in the caller's transaction; returns {"facts": n, "persons": n}."""
    run_dir = Path(run_dir)
    missing = [n for n in ("coverage", "person_status") if not (run_dir / f"{n}.parquet").exists()]
    if missing:
        raise UserError(f"Hasil proses tidak lengkap di {run_dir}: {', '.join(missing)}", code="run.incomplete")
    with transaction.atomic():
        facts = _facts_read(run_dir / "coverage.parquet")
        n_facts = run_rows_insert(CoverageFact, run_id=run.pk, tbl=facts, cols=FACT_COLS)
        n_persons, counts = _persons_publish(run_dir / "person_status.parquet", run.pk)
        n_flows, moves = _flows_publish(run, run_dir)
        CoverageHistory.objects.filter(as_of=run.as_of, source="run").delete()
        rows = history_rows_from_counts(counts, as_of=run.as_of)
        bulk_insert(CoverageHistory, HISTORY_FIELDS, [_with_flows(r, moves) for r in rows])
    log.info("run %s: %s facts, %s persons, %s flow cells", run.pk, n_facts, n_persons, n_flows)
    return {"facts": n_facts, "persons": n_persons, "flows": n_flows}


def previous_run(run: CoverageRun) -> CoverageRun | None:
    """The published run the flows of `run` are counted against: the latest DONE run with an
    earlier as-of whose person-level file is still there (retention may have pruned older ones)."""
    for prev in CoverageRun.objects.filter(status=CoverageRun.Status.DONE, as_of__lt=run.as_of).exclude(
            pk=run.pk).order_by("-as_of", "-id")[:12]:
        folder = run_folder(prev)
        if folder and (folder / "person_status.parquet").is_file():
            return prev
    return None


def _flows_publish(run: CoverageRun, run_dir: Path) -> tuple[int, dict]:
    """flows.parquet against the previous run -> CoverageFlow rows; returns the count and the
    history flows {(area kind, code, segment): (enrolled, lapsed)} (empty for a first run: with
    nothing to compare, no one is counted as new)."""
    prev = previous_run(run)
    out = run_dir / "flows.parquet"
    flows_compute(prev=run_folder(prev) / "person_status.parquet" if prev else None,
                  cur=run_dir / "person_status.parquet", out=out)
    tbl = _read(out)
    tbl = tbl.append_column("as_of", pa.array([run.as_of] * tbl.num_rows, pa.date32()))
    tbl = tbl.append_column("previous_run", pa.array([prev.pk if prev else None] * tbl.num_rows, pa.int64()))
    n = run_rows_insert(CoverageFlow, run_id=run.pk, tbl=tbl, cols=[*FLOW_COLUMNS, "as_of", "previous_run"])
    moves: dict[tuple[str, str, str], list[int]] = {}
    if prev is not None:
        cols = {c: tbl[c].to_pylist() for c in ("kalurahan_code", "segment", "new", "reactivated", "lapsed", "left")}
        for i, kal in enumerate(cols["kalurahan_code"]):
            if not kal:
                continue
            for kind, code in (("kabupaten", kal[:5]), ("kapanewon", kal[:8]), ("kalurahan", kal)):
                for seg in ("ALL", cols["segment"][i]):
                    m = moves.setdefault((kind, code, seg), [0, 0])
                    m[0] += cols["new"][i] + cols["reactivated"][i]
                    m[1] += cols["lapsed"][i] + cols["left"][i]
    return n, moves


def flows_refresh() -> int:
    """Recount the flows of every published run against the run before it, oldest first (after a
    backfill published months out of order). Returns how many runs were recounted."""
    n = 0
    for run in CoverageRun.objects.filter(status=CoverageRun.Status.DONE).order_by("as_of", "id"):
        run_dir = run_folder(run)
        if run_dir is None or not (run_dir / "person_status.parquet").is_file():
            continue
        with transaction.atomic():
            CoverageFlow.objects.filter(run=run).delete()
            _, moves = _flows_publish(run, run_dir)
            for h in CoverageHistory.objects.filter(as_of=run.as_of, source="run"):
                h.enrolled, h.lapsed = moves.get((h.area_kind, h.area_code, h.segment), (0, 0))
                h.save(update_fields=["enrolled", "lapsed"])
        n += 1
    return n


def _with_flows(row: tuple, moves: dict) -> tuple:
    """A history row (HISTORY_FIELDS order) with its month's enrolled and lapsed from the flows."""
    enrolled, lapsed = moves.get((row[2], row[1], row[3]), (0, 0))
    return (*row[:7], enrolled, lapsed, *row[9:])


def _persons_publish(path: Path, run_id: int) -> tuple[int, list]:
    """Workforce persons in batches (memory stays bounded at 10x), each sorted by kalurahan and
    status so the index pages fill in order. Returns the count and per-batch history counts."""
    pf = pq.ParquetFile(path)
    present = set(pf.schema_arrow.names)
    cols = [c for c in PERSON_COLS if c in present or c not in PERSON_OPTIONAL]
    n, counts = 0, []
    for batch in pf.iter_batches(batch_size=PERSON_BATCH, columns=[*cols, "excluded_reason"]):
        tbl = pa.Table.from_batches([batch])
        tbl = tbl.filter(tbl["excluded_reason"].is_null())
        if not tbl.num_rows:
            continue
        tbl = tbl.sort_by([("kalurahan_code", "ascending"), ("status", "ascending")])
        n += run_rows_insert(PersonStatus, run_id=run_id, tbl=tbl, cols=cols, defaults=PERSON_DEFAULTS)
        counts.append(history_counts(tbl))
    return n, counts


def _facts_read(path: Path):
    """coverage.parquet with every FACT_COLS column; an optional one missing (an older run) as 0."""
    present = set(pq.ParquetFile(path).schema_arrow.names)
    tbl = _read(path, [c for c in FACT_COLS if c in present or c not in FACT_OPTIONAL])
    for c in FACT_OPTIONAL - present:
        tbl = tbl.append_column(c, pa.array([0] * tbl.num_rows, pa.int64()))
    return tbl


def _read(path: Path, columns: list[str] | None = None):
    """One Parquet file (ParquetFile: no pyarrow.dataset / pandas import on the way)."""
    return pq.ParquetFile(path).read(columns=columns)
