"""Data subjects' requests in a run (UU 27/2022; cakupan.privacy): a NIK erased on request is left
out of every staged input, checked rows in = rows kept + rows tombstoned; a rectified name and birth
date replace the population's."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.pipeline import PipelineCheckError, run_pipeline
from cakupan.pipeline.inputs import OVERRIDE_SCHEMA, TOMBSTONE_SCHEMA


def _status(make_inputs, linker, out_dir, **extra):
    out_dir.mkdir()
    result = run_pipeline(make_inputs(**extra), out_dir=out_dir, linker=linker)
    return result, {r["nik"]: r for r in pq.read_table(out_dir / "person_status.parquet").to_pylist()}


def test_tombstoned_nik_is_left_out_and_accounted(make_inputs, linker, tmp_path):
    base_result, base = _status(make_inputs, linker, tmp_path / "base")
    gone = sorted(base)[:2]
    path = tmp_path / "tombstones.parquet"
    # twice the same NIK and one nobody holds: staging dedupes, the unheld one removes nothing
    pq.write_table(pa.table({"nik": [gone[0], gone[1], gone[1], "3402999999999999"]}, schema=TOMBSTONE_SCHEMA), path)
    result, after = _status(make_inputs, linker, tmp_path / "gone", tombstones=path)
    assert set(after) == set(base) - set(gone)
    assert result.totals["population"] == base_result.totals["population"] - 2
    links = pq.read_table(tmp_path / "gone" / "links.parquet").to_pylist()
    assert not [r for r in links if r.get("person_nik") in gone]


def test_rectified_name_and_birth_date_replace_the_population(make_inputs, linker, tmp_path):
    _r, base = _status(make_inputs, linker, tmp_path / "base")
    nik = sorted(base)[0]
    path = tmp_path / "overrides.parquet"
    pq.write_table(pa.Table.from_pylist([{"nik": nik, "nama": "Nama Dibetulkan", "tanggal_lahir": date(1980, 1, 2)}],
                                        schema=OVERRIDE_SCHEMA), path)
    _r, after = _status(make_inputs, linker, tmp_path / "fix", overrides=path)
    assert after[nik]["nama"] == "Nama Dibetulkan" and after[nik]["birth_date"] == date(1980, 1, 2)
    assert {k: v for k, v in after.items() if k != nik} == {k: v for k, v in base.items() if k != nik}


def test_two_overrides_of_one_nik_stop_the_run(make_inputs, linker, tmp_path):
    path = tmp_path / "overrides.parquet"
    nik = "3402010101900001"
    pq.write_table(pa.Table.from_pylist([{"nik": nik, "nama": "A", "tanggal_lahir": None},
                                         {"nik": nik, "nama": "B", "tanggal_lahir": None}], schema=OVERRIDE_SCHEMA), path)
    (tmp_path / "out").mkdir()
    with pytest.raises(PipelineCheckError, match="stg_overrides"):
        run_pipeline(make_inputs(overrides=path), out_dir=tmp_path / "out", linker=linker)
