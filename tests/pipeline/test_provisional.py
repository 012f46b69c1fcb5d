"""Provisional enrolments (registered in cakupan, not yet in an extract) count as active on D by
their paid-through month, marked link_method 'provisional'; an extract-active person keeps theirs."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.pipeline import run_pipeline
from cakupan.pipeline.inputs import PROVISIONAL_SCHEMA


def _status(make_inputs, linker, out_dir, **overrides):
    out_dir.mkdir()
    run_pipeline(make_inputs(**overrides), out_dir=out_dir, linker=linker)
    return {r["nik"]: r for r in pq.read_table(out_dir / "person_status.parquet").to_pylist()}


def test_provisional_enrolment_makes_an_uncovered_worker_active(make_inputs, linker, tmp_path):
    base = _status(make_inputs, linker, tmp_path / "base")
    workers = [n for n, r in base.items() if r["excluded_reason"] is None and r["status"] == "none"]
    active = [n for n, r in base.items() if r["excluded_reason"] is None and r["status"] == "active"]
    assert len(workers) >= 2 and active
    new, lapsed, already = workers[0], workers[1], active[0]
    rows = [
        {"nik": new, "segmen": "BPU", "program": "JKK,JKM", "paid_through": date(2023, 2, 1)},
        {"nik": lapsed, "segmen": "BPU", "program": "JKK,JKM", "paid_through": date(2022, 9, 1)},
        {"nik": already, "segmen": "BPU", "program": "JKK,JKM", "paid_through": date(2023, 2, 1)},
    ]
    path = tmp_path / "provisional.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=PROVISIONAL_SCHEMA), path)
    after = _status(make_inputs, linker, tmp_path / "prov", provisional=path)
    assert after[new]["status"] == "active" and after[new]["link_method"] == "provisional"
    assert after[new]["segment"] == "BPU"
    assert after[lapsed]["status"] == "none"  # paid through Sep 2022: more than 3 months behind
    assert after[already]["link_method"] == base[already]["link_method"] != "provisional"
    assert {n for n in after if after[n]["status"] != base[n]["status"]} == {new}


def _provisional_file(make_inputs, linker, tmp_path, n=3):
    """provisional.parquet for `n` uncovered workers of the fixture, paid through the as-of month."""
    base = _status(make_inputs, linker, tmp_path / "base")
    workers = [k for k, r in base.items() if r["excluded_reason"] is None and r["status"] == "none"][:n]
    rows = [{"nik": k, "segmen": "BPU", "program": "JKK,JKM", "paid_through": date(2023, 2, 1)} for k in workers]
    path = tmp_path / "provisional.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=PROVISIONAL_SCHEMA), path)
    return path, workers


def test_coverage_mart_counts_provisional_apart(make_inputs, linker, tmp_path):
    path, workers = _provisional_file(make_inputs, linker, tmp_path)
    out = tmp_path / "prov"
    status = _status(make_inputs, linker, out, provisional=path)
    cov = pq.read_table(out / "coverage.parquet").to_pylist()
    assert sum(r["provisional"] for r in cov) == len(workers) == 3
    assert all(r["provisional"] <= r["active"] for r in cov)
    mine = {(status[k]["padukuhan_code"], status[k]["ecosystem"]) for k in workers}
    assert {(r["padukuhan_code"], r["ecosystem"]) for r in cov if r["provisional"]} == mine
    base = pq.read_table(tmp_path / "base" / "coverage.parquet").to_pylist()
    assert sum(r["provisional"] for r in base) == 0


@pytest.mark.spark
def test_coverage_mart_provisional_same_on_spark(make_inputs, linker, tmp_path):
    from cakupan.pipeline.engine import SparkEngine

    path, _ = _provisional_file(make_inputs, linker, tmp_path)
    run_pipeline(make_inputs(provisional=path), engine="duckdb", out_dir=tmp_path / "duckdb", linker=linker)
    run_pipeline(make_inputs(provisional=path), engine=SparkEngine(), out_dir=tmp_path / "spark", linker=linker)

    def rows(d):
        tbl = pq.read_table(d / "coverage.parquet")
        return tbl.column_names, sorted(tuple(str(v) for v in r.values()) for r in tbl.to_pylist())
    assert rows(tmp_path / "duckdb") == rows(tmp_path / "spark")
    assert "provisional" in rows(tmp_path / "spark")[0]
