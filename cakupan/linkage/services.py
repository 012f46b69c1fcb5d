"""Linkage's writes and exports around a run: the review decisions the pipeline reads back, the
links CSV an officer asks for, and linkage's own published tables (review items, member links).

    decisions_export(path=run_dir / "inputs" / "decisions.parquet")   # -> rows written
    review_items_publish(run=run, path=run_dir / "review.parquet")   # inside the run's transaction
    links_publish(run=run, path=run_dir / "links.parquet")
    links_export(run_dir=run_dir, path=Path("tautan.csv"))

The run itself is orchestrated by cakupan.runs.services.run_execute.
"""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.coverage.bulk import bulk_insert, run_rows_insert

from .models import MemberLink, ReviewDecision, ReviewItem

EXPORT_COLUMNS = ["kpj", "person_nik", "method", "match_probability", "reasons"]
LINK_COLUMNS = ["member_key", "kpj", "person_nik", "method", "match_probability", "reasons"]
REVIEW_FIELDS = ["run", "member_key", "kpj", "candidate_nik", "match_probability", "reasons", "member", "candidate",
                 "kalurahan_code"]


def decisions_export(*, path: Path) -> int:
    """Every clerical review decision as Parquet (member_key, candidate_nik, decision)."""
    rows = list(ReviewDecision.objects.values_list("member_key", "candidate_nik", "decision"))
    cols = list(zip(*rows)) if rows else ([], [], [])
    tbl = pa.table({n: pa.array(list(c), pa.string()) for n, c in zip(("member_key", "candidate_nik", "decision"), cols)})
    pq.write_table(tbl, path)
    return len(rows)


def links_export(*, run_dir: Path, path: Path) -> int:
    """One CSV row per member record: kpj, person_nik, method, match_probability, reasons."""
    tbl = pq.read_table(Path(run_dir) / "links.parquet", columns=EXPORT_COLUMNS)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(EXPORT_COLUMNS)
        cols = [tbl[c].to_pylist() for c in EXPORT_COLUMNS]
        for kpj, nik, method, p, reasons in zip(*cols):
            w.writerow([kpj or "", nik or "", method, "" if p is None else f"{p:.6f}", reasons or ""])
    return tbl.num_rows


def review_items_publish(*, run, path: Path) -> int:
    """The run's review queue (review.parquet) as ReviewItem rows; call inside the run's publish
    transaction. Returns the count."""
    review = pq.ParquetFile(path).read()
    return bulk_insert(ReviewItem, REVIEW_FIELDS, _review_rows(review, run.pk))


def links_publish(*, run, path: Path) -> int:
    """The run's member records linked to a person (links.parquet rows with a person_nik) as
    MemberLink rows, in file order; nothing when the run wrote no links. Returns the count."""
    path = Path(path)
    if not path.exists():
        return 0
    tbl = pq.ParquetFile(path).read(columns=LINK_COLUMNS)
    tbl = tbl.filter(tbl["person_nik"].is_valid())
    return run_rows_insert(MemberLink, run_id=run.pk, tbl=tbl, cols=LINK_COLUMNS)


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
