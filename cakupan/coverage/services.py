"""Writes of the coverage marts: publishing a pipeline run, loading the monthly history.

    run = run_publish(run_dir=home / "runs/7", as_of=date(2023, 2, 27), engine="duckdb", summary={...})
    history_load(path=Path("synth/history/monthly.csv"))

Both load in bulk (raw executemany on SQLite, COPY on PostgreSQL) inside one transaction, so
pages never see a half-published run.
"""
from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone

from cakupan.errors import UserError

from .bulk import arrow_columns, bulk_insert
from .history import HISTORY_FIELDS, history_counts, history_rows_from_counts, history_rows_from_monthly
from .models import CoverageFact, CoverageHistory, CoverageRun, PersonStatus

log = logging.getLogger(__name__)

FACT_COLS = ["kabupaten_code", "kapanewon_code", "kalurahan_code", "padukuhan_code", "ecosystem", "segment",
             "sex", "age_band", "workforce", "active", "nonactive"]
PERSON_COLS = ["nik", "nama", "sex", "birth_date", "age", "kapanewon_code", "kalurahan_code", "padukuhan_code",
               "pekerjaan_kode", "ecosystem", "status", "segment", "kpj", "paid_through", "link_method"]
PERSON_BATCH = 500_000
PERSON_DEFAULTS = {"nama": "", "sex": "", "kpj": "", "link_method": "", "segment": "NONE", "ecosystem": "lainnya"}


def _review_rows(tbl, run_id: int):
    member_cols = [c for c in tbl.column_names if c.startswith("member_") and c != "member_key"]
    cand_cols = [c for c in tbl.column_names if c.startswith("cand_")]
    for r in tbl.to_pylist():
        member = {c[len("member_"):]: _jsonable(r[c]) for c in member_cols}
        cand = {c[len("cand_"):]: _jsonable(r[c]) for c in cand_cols}
        cand["nik"] = r["candidate_nik"]
        yield (
            run_id, r["member_key"], r.get("kpj") or "", r["candidate_nik"] or "",
            float(r["match_probability"] or 0.0), r.get("reasons") or "",
            json.dumps(member, ensure_ascii=False), json.dumps(cand, ensure_ascii=False),
            cand.get("kode_wilayah") or member.get("kode_wilayah") or "",
        )


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def run_publish(
    *,
    run_dir: Path,
    as_of: date,
    engine: str,
    population_snapshot=None,
    member_snapshot=None,
    summary: dict,
    home: Path | None = None,
) -> CoverageRun:
    """Load a pipeline run directory into the app DB: STARTED -> (one transaction) -> DONE.
    On failure the run is marked FAILED and the error re-raised."""
    from cakupan.linkage.models import ReviewItem

    run_dir = Path(run_dir)
    missing = [n for n in ("coverage", "person_status", "review") if not (run_dir / f"{n}.parquet").exists()]
    if missing:
        raise UserError(f"Hasil proses tidak lengkap di {run_dir}: {', '.join(missing)}", code="run.incomplete")
    rel = str(run_dir.relative_to(home)) if home and run_dir.is_relative_to(home) else str(run_dir)
    run = CoverageRun.objects.create(
        as_of=as_of, engine=engine, population_snapshot=population_snapshot, member_snapshot=member_snapshot,
        run_dir=rel, summary=summary, status=CoverageRun.Status.STARTED,
    )
    try:
        with transaction.atomic():
            facts = _read(run_dir / "coverage.parquet", FACT_COLS)
            n_facts = bulk_insert(CoverageFact, ["run", *FACT_COLS], _rows(run.pk, arrow_columns(facts, FACT_COLS)))
            n_persons, counts = _persons_publish(run_dir / "person_status.parquet", run.pk)
            review = _read(run_dir / "review.parquet")
            review_cols = ["run", "member_key", "kpj", "candidate_nik", "match_probability", "reasons", "member",
                           "candidate", "kalurahan_code"]
            n_review = bulk_insert(ReviewItem, review_cols, _review_rows(review, run.pk))
            CoverageHistory.objects.filter(as_of=as_of, source="run").delete()
            hist = history_rows_from_counts(counts, as_of=as_of)
            bulk_insert(CoverageHistory, HISTORY_FIELDS, hist)
            run.status = CoverageRun.Status.DONE
            run.finished_at = timezone.now()
            run.summary = {**summary, "published": {"facts": n_facts, "persons": n_persons, "review": n_review}}
            run.save(update_fields=["status", "finished_at", "summary"])
    except Exception:
        CoverageRun.objects.filter(pk=run.pk).update(status=CoverageRun.Status.FAILED, finished_at=timezone.now())
        raise
    log.info("published run %s (as of %s): %s facts, %s persons", run.pk, as_of, n_facts, n_persons)
    return run


def _persons_publish(path: Path, run_id: int) -> tuple[int, list]:
    """Workforce persons in batches (memory stays bounded at 10x), each sorted by kalurahan and
    status so the index pages fill in order. Returns the count and per-batch history counts."""
    n, counts = 0, []
    for batch in pq.ParquetFile(path).iter_batches(batch_size=PERSON_BATCH, columns=[*PERSON_COLS, "excluded_reason"]):
        tbl = pa.Table.from_batches([batch])
        tbl = tbl.filter(tbl["excluded_reason"].is_null())
        if not tbl.num_rows:
            continue
        tbl = tbl.sort_by([("kalurahan_code", "ascending"), ("status", "ascending")])
        n += bulk_insert(PersonStatus, ["run", *PERSON_COLS], _rows(run_id, arrow_columns(tbl, PERSON_COLS, PERSON_DEFAULTS)))
        counts.append(history_counts(tbl))
    return n, counts


def _read(path: Path, columns: list[str] | None = None):
    """One Parquet file (ParquetFile: no pyarrow.dataset / pandas import on the way)."""
    return pq.ParquetFile(path).read(columns=columns)


def _rows(run_id: int, columns: list[list]):
    n = len(columns[0]) if columns else 0
    return zip([run_id] * n, *columns)


@transaction.atomic
def history_load(*, path: Path) -> int:
    """Load a monthly history CSV (month yyyy-mm, kalurahan_code, segment, enrolled, lapsed,
    active_end, workforce) into CoverageHistory (source='history'), month-end dates, rolled up to
    kapanewon and kabupaten and to segment ALL. Replaces earlier history rows for those months."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"Berkas riwayat tidak ditemukan: {path}", code="history.missing")
    rows = history_rows_from_monthly(path)
    months = sorted({r[0] for r in rows})
    CoverageHistory.objects.filter(source="history", as_of__in=months).delete()
    n = bulk_insert(CoverageHistory, HISTORY_FIELDS, rows)
    log.info("history: %s rows for %s months from %s", n, len(months), path)
    return n
