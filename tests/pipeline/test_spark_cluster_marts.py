"""The whole pipeline — linkage included (trained, not a saved model) — on a local Spark cluster
(`local-cluster[2,1,1024]`: two executor JVMs apart from a driver of 1 GiB) gives the marts DuckDB
gives: every output file row by row, and the run's summary and linkage quality.

Inputs: the linkage fixture (6,000 people, 2,100 member records with NIK typos, swapped dates,
spreadsheet floats, members from elsewhere; tests/pipeline/linkage/fixture_gen.py) in the raw
snapshot shape, the pipeline fixture's rosters and Bantul's areas. Tolerance: floats equal to a
relative 1e-9 (Spark's Jaro-Winkler is DuckDB's to 1 ulp, sums over windows may add in another
order); everything else identical.
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from cakupan.core.reference import BANTUL_WILAYAH
from cakupan.pipeline import PipelineInputs, run_pipeline
from cakupan.pipeline.linkage import LinkSettings
from cakupan.pipeline.run import OUTPUTS
from tests.pipeline.conftest import mart_rows, same_value

LINKAGE_DATA = Path(__file__).parent / "linkage" / "data"
FIXTURES = Path(__file__).parent / "fixtures"
MASTER = "local-cluster[2,1,1024]"
# a wide review band (as the linkage tests' STRICT), so that the review queue has rows to compare
SETTINGS = LinkSettings(accept_threshold=0.99999, review_threshold=0.5)
pytestmark = pytest.mark.spark


def _raw_inputs(tmp: Path) -> PipelineInputs:
    """The linkage fixture as raw snapshots: the columns staging reads that the staged fixture
    lacks are filled (row numbers; members active, paid through one of three months by row)."""
    pop = pq.read_table(LINKAGE_DATA / "stg_population.parquet")
    n = pop.num_rows
    null = pa.nulls(n, pa.string())
    pop = (pop.append_column("row_number", pa.array(range(1, n + 1), pa.int64()))
           .append_column("no_kk", null).append_column("tempat_lahir", null).append_column("padukuhan", null))
    mem = pq.read_table(LINKAGE_DATA / "stg_members.parquet")
    m = mem.num_rows
    months = [date(2023, 1, 31), date(2022, 10, 31), date(2021, 6, 30)]
    mem = (mem.append_column("row_number", pa.array(range(1, m + 1), pa.int64()))
           .append_column("program", pa.array(["JKK-JKM"] * m))
           .append_column("status", pa.array(["NON AKTIF" if i % 17 == 0 else "AKTIF" for i in range(m)]))
           .append_column("tanggal_kepesertaan", pa.array([date(2020, 1, 1)] * m))
           .append_column("iuran_terakhir", pa.array([months[i % 3] for i in range(m)]))
           .append_column("npp", pa.nulls(m, pa.string())).append_column("nama_perusahaan", pa.nulls(m, pa.string())))
    mem = mem.set_column(mem.schema.get_field_index("segmen"), "segmen",
                         pc.coalesce(mem["segmen"], pa.scalar("BPU")))
    pq.write_table(pop, tmp / "population.parquet")
    pq.write_table(mem, tmp / "members.parquet")
    return PipelineInputs(
        population=tmp / "population.parquet", members=tmp / "members.parquet", as_of=date(2023, 2, 27),
        areas=BANTUL_WILAYAH, truth=LINKAGE_DATA / "truth_links.csv",
        rosters={k: FIXTURES / f"roster-{k}.parquet" for k in ("asn", "opd", "perangkat_desa", "pasar")})


@pytest.fixture(scope="module")
def cluster():
    """One SparkEngine on a local cluster for the module, its driver JVM started with 1 GiB (a JVM
    an earlier test started is shut down first: the heap is fixed when the JVM starts)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    from cakupan.pipeline.engine import SparkEngine

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
    gateway = SparkContext._gateway
    if gateway is not None:
        proc = getattr(gateway, "proc", None)   # the JVM pyspark launched (it exits when stdin closes)
        gateway.shutdown()
        SparkContext._gateway = SparkContext._jvm = None
        if proc is not None:
            proc.stdin.close()
            try:
                proc.wait(timeout=60)
            except Exception:   # noqa: BLE001 - a JVM that does not exit on its own is stopped
                proc.terminate()
                proc.wait(timeout=60)
    eng = SparkEngine(master=MASTER, driver_memory="1g")
    yield eng
    eng.spark.stop()


@pytest.fixture(scope="module")
def runs(cluster, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    inputs = _raw_inputs(tmp)
    duck = run_pipeline(inputs, engine="duckdb", out_dir=tmp / "duckdb", settings=SETTINGS)
    spark = run_pipeline(inputs, engine=cluster, out_dir=tmp / "spark", settings=SETTINGS)
    return duck, spark


def test_the_cluster_is_separate_executors_and_a_small_driver(cluster):
    sc = cluster.spark.sparkContext
    assert sc.master == MASTER
    heap = cluster.spark._jvm.java.lang.Runtime.getRuntime().maxMemory()
    assert heap <= 1024 * 2**20
    # two executors besides the driver, each in its own JVM
    executors = sc._jsc.sc().getExecutorMemoryStatus().size()
    assert executors == 3




@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_output_file_is_the_same_on_the_cluster(runs, output):
    duck, spark = runs
    cols_d, rows_d = mart_rows(duck.out_dir / f"{output}.parquet")
    cols_s, rows_s = mart_rows(spark.out_dir / f"{output}.parquet")
    assert cols_d == cols_s
    assert len(rows_d) == len(rows_s)
    assert rows_d, output          # the fixture fills every mart
    for rd, rs in zip(rows_d, rows_s):
        assert all(same_value(x, y) for x, y in zip(rd, rs)), (output, rd, rs)


def test_summary_and_quality_are_the_same_on_the_cluster(runs):
    duck, spark = runs
    assert spark.engine == "spark" and spark.link["model"] == duck.link["model"] == "trained"
    assert duck.counts == spark.counts and duck.totals == spark.totals
    # the linkage really decided something: every band is used
    assert all(duck.counts[m] for m in ("exact", "exact-flagged", "probabilistic", "review", "none"))
    assert json.dumps(duck.quality, sort_keys=True) == json.dumps(spark.quality, sort_keys=True)
    assert math.isclose(duck.link["null_odds"], spark.link["null_odds"], rel_tol=1e-9)
    written = json.loads((spark.out_dir / "quality.json").read_text())
    assert written["totals"] == duck.totals
