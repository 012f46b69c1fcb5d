"""The same steps on DuckDB and on Spark give identical marts, row by row."""
from __future__ import annotations

import pytest

from cakupan.pipeline import run_pipeline
from tests.pipeline.conftest import mart_rows, same_value

MARTS = ("links", "review", "person_status", "coverage", "roster_status")




@pytest.mark.spark
def test_duckdb_and_spark_marts_identical(tmp_path, make_inputs, linker):
    from cakupan.pipeline.engine import SparkEngine

    duck = run_pipeline(make_inputs(), engine="duckdb", out_dir=tmp_path / "duckdb", linker=linker)
    spark = run_pipeline(make_inputs(), engine=SparkEngine(), out_dir=tmp_path / "spark", linker=linker)
    assert duck.totals == spark.totals and duck.counts == spark.counts
    for mart in MARTS:
        cols_d, rows_d = mart_rows(tmp_path / "duckdb" / f"{mart}.parquet")
        cols_s, rows_s = mart_rows(tmp_path / "spark" / f"{mart}.parquet")
        assert cols_d == cols_s, mart
        assert len(rows_d) == len(rows_s), mart
        for rd, rs in zip(rows_d, rows_s):
            assert all(same_value(x, y) for x, y in zip(rd, rs)), (mart, rd, rs)
