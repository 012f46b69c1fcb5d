"""One small dialect layer over the engines the pipeline runs on (no Django here).

Steps are SQL strings written in the common subset of DuckDB and Spark SQL; where the two differ
the step asks the engine (`engine.fn(...)`) rather than branching itself.

    eng = DuckDBEngine()                       # or SparkEngine() (local mode in tests)
    eng.register_parquet("raw_population", path)
    eng.create("stg_population", "SELECT ... FROM raw_population")
    tbl = eng.arrow("stg_population")          # pyarrow.Table
    eng.write_parquet("coverage", out_dir / "coverage.parquet")
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)


class Engine:
    kind: str = "abstract"

    def execute(self, sql: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def create(self, name: str, select_sql: str) -> None:
        """CREATE OR REPLACE TABLE name AS select_sql."""
        raise NotImplementedError

    def create_view(self, name: str, select_sql: str) -> None:
        """CREATE OR REPLACE VIEW name AS select_sql (not materialised)."""
        raise NotImplementedError

    def create_file(self, name: str, select_sql: str, path: Path | str) -> None:
        """Materialise select_sql as a Parquet file at `path` and make `name` read it."""
        self.create(name, select_sql)
        self.write_parquet(name, path)

    def register_parquet(self, name: str, path: Path | str) -> None:
        raise NotImplementedError

    def register_arrow(self, name: str, table: pa.Table) -> None:
        raise NotImplementedError

    def arrow(self, name_or_sql: str) -> pa.Table:
        raise NotImplementedError

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(r.values()) for r in self.arrow(sql).to_pylist()]

    def write_parquet(self, name: str, path: Path | str) -> None:
        pq.write_table(self.arrow(name), str(path))

    def close(self) -> None:
        pass

    # dialect helpers -------------------------------------------------------------------------
    def months_between_sql(self, later: str, earlier: str) -> str:
        """Whole calendar months from `earlier` to `later` (both DATE expressions)."""
        return f"((year({later}) - year({earlier})) * 12 + (month({later}) - month({earlier})))"


def _is_select(s: str) -> bool:
    return s.lstrip().lower().startswith(("select", "with", "from", "("))


class DuckDBEngine(Engine):
    kind = "duckdb"

    def __init__(self, *, database: str = ":memory:", threads: int | None = None, memory_limit: str | None = None):
        import duckdb

        self.con = duckdb.connect(database)
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")

    def execute(self, sql: str) -> None:
        self.con.execute(sql)

    def create(self, name: str, select_sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {select_sql}")

    def create_view(self, name: str, select_sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS {select_sql}")

    def create_file(self, name: str, select_sql: str, path: Path | str) -> None:
        # one streaming pass: compute and encode, never holding the whole table in memory
        self.write_parquet(f"SELECT * FROM ({select_sql}) q", path)
        self.register_parquet(name, path)

    def register_parquet(self, name: str, path: Path | str) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{Path(path).as_posix()}')")

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self.con.register(f"__arrow_{name}", table)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM __arrow_{name}")
        self.con.unregister(f"__arrow_{name}")

    def arrow(self, name_or_sql: str) -> pa.Table:
        sql = name_or_sql if _is_select(name_or_sql) else f"SELECT * FROM {name_or_sql}"
        return self.con.sql(sql).to_arrow_table()

    def write_parquet(self, name: str, path: Path | str) -> None:
        sql = name if _is_select(name) else f"SELECT * FROM {name}"
        # zstd: smaller than snappy and, measured here, faster to write (0.4 s vs 0.7 s for ~1 M persons)
        self.con.execute(f"COPY ({sql}) TO '{Path(path).as_posix()}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)")

    def close(self) -> None:
        self.con.close()


class SparkEngine(Engine):
    """PySpark (optional extra `cakupan[spark]`); local mode unless a session is given."""

    kind = "spark"

    def __init__(self, *, spark=None, master: str = "local[2]", driver_memory: str | None = None):
        """`driver_memory`: the JVM heap of the local driver, else $CAKUPAN_SPARK_DRIVER_MEMORY, else
        2g (enough for Bantul; the 10x region's linkage pulls 9.6 M residents and needs ~8g)."""
        if spark is None:
            memory = driver_memory or os.environ.get("CAKUPAN_SPARK_DRIVER_MEMORY") or "2g"
            try:
                from pyspark.sql import SparkSession
            except ImportError as exc:  # pragma: no cover - depends on the install
                from cakupan.errors import UserError

                raise UserError("PySpark belum terpasang: pip install 'cakupan[spark]'", code="spark.missing") from exc
            spark = (
                SparkSession.builder.master(master)
                .appName("cakupan")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.memory", memory)
                # the linkage pulls the population to the driver by design (1.3 GiB of results at
                # 10x): the default 1g cap would turn a larger region into an error, not a result
                .config("spark.driver.maxResultSize", "0")
                .getOrCreate()
            )
        self.spark = spark

    def execute(self, sql: str) -> None:
        self.spark.sql(sql)

    def create(self, name: str, select_sql: str) -> None:
        df = self.spark.sql(select_sql).cache()
        df.count()
        df.createOrReplaceTempView(name)

    def create_view(self, name: str, select_sql: str) -> None:
        self.spark.sql(select_sql).createOrReplaceTempView(name)

    def register_parquet(self, name: str, path: Path | str) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def register_arrow(self, name: str, table: pa.Table) -> None:
        # Spark >= 4 takes Arrow directly (keeps types, works for empty tables too)
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def arrow(self, name_or_sql: str) -> pa.Table:
        sql = name_or_sql if _is_select(name_or_sql) else f"SELECT * FROM {name_or_sql}"
        return self.spark.sql(sql).toArrow()


def engine_make(kind: str = "duckdb", **kwargs) -> Engine:
    if kind == "duckdb":
        return DuckDBEngine(**kwargs)
    if kind == "spark":
        return SparkEngine(**kwargs)
    from cakupan.errors import UserError

    raise UserError(f"Mesin tidak dikenal: {kind} (pilih duckdb atau spark)", code="engine.unknown")
