"""Provisional enrolments (registered in cakupan, not yet in an extract) count as active on D by
their paid-through month, marked link_method 'provisional'; an extract-active person keeps theirs."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

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
