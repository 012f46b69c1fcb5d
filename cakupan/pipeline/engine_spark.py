"""SparkEngine: the pipeline's steps on PySpark (the optional extra `cakupan[spark]`), in local mode,
a local cluster or a cluster; the dialect differences from DuckDB are answered here (see engine.py)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pyarrow as pa

from .engine import Engine, _csv_select, _is_select, _raw_text, _sql_text


# Jaro-Winkler in Spark SQL (higher-order functions), computed as DuckDB computes it (rapidfuzz:
# matching window max(len)/2 - 1, the first free character of `a` for each character of `b`, half
# the out-of-order matches, prefix of at most 4 boosted by 0.1 when Jaro > 0.7; '' against anything
# 0). DuckDB's Winkler step is a fused multiply-add, which Spark SQL cannot spell: the two agree to
# 1 ulp (2.3e-16; tests/pipeline/linkage/test_spark_dialect.py). Spark 4.3's own
# jaro_winkler_similarity and the Splink jar's JaroWinklerSimilarity are another algorithm
# (commons-text's): on the linkage fixture's names they disagree with DuckDB on 1.2 % of the pairs
# at 0.85 (60 of 933,241 at 0.95), so neither is used: on Spark the steps' (and the model's)
# `jaro_winkler_similarity(` is read as this function, `cakupan_jaro_winkler` (SparkEngine._sql).
_JW_MATCH = (
    "aggregate(sequence(1, length(b)), named_struct('fp', array_repeat(false, length(a)), "
    "'tm', CAST(array() AS ARRAY<STRING>)), "
    "(acc, j) -> element_at(transform(array(array_position(transform(sequence(1, length(a)), "
    "k -> NOT acc.fp[k - 1] AND abs(k - j) <= greatest(length(a), length(b)) div 2 - 1 "
    "AND substr(a, k, 1) = substr(b, j, 1)), true)), "
    "i -> named_struct('fp', transform(acc.fp, (x, n) -> x OR n + 1 = i), "
    "'tm', CASE WHEN i > 0 THEN concat(acc.tm, array(substr(b, j, 1))) ELSE acc.tm END)), 1))")
_JW_PREFIX = "array_position(transform(sequence(1, least(4, length(a), length(b))), k -> substr(a, k, 1) <> substr(b, k, 1)), true)"
SPARK_JARO_WINKLER = f"""CASE WHEN a IS NULL OR b IS NULL THEN CAST(NULL AS DOUBLE)
  WHEN length(a) = 0 OR length(b) = 0 THEN CAST(0 AS DOUBLE)
  WHEN a = b THEN CAST(1 AS DOUBLE)
  WHEN length(a) = 1 AND length(b) = 1 THEN CAST(0 AS DOUBLE)
  ELSE element_at(transform(array({_JW_MATCH}), s ->
    element_at(transform(array(named_struct('m', size(s.tm), 'pm', filter(transform(sequence(1, length(a)),
        k -> CASE WHEN s.fp[k - 1] THEN substr(a, k, 1) END), x -> x IS NOT NULL))),
      q -> CASE WHEN q.m = 0 THEN CAST(0 AS DOUBLE) ELSE
        element_at(transform(array((q.m / length(a) + q.m / length(b)
            + (q.m - size(filter(sequence(1, q.m), x -> q.pm[x - 1] <> s.tm[x - 1])) div 2) / q.m) / 3),
          sim -> CASE WHEN sim > CAST(0.7 AS DOUBLE) THEN sim + (CASE WHEN {_JW_PREFIX} = 0
              THEN least(4, length(a), length(b)) ELSE {_JW_PREFIX} - 1 END * CAST(0.1 AS DOUBLE)) * (1 - sim)
            ELSE sim END), 1) END), 1)), 1) END"""
# positions where two strings of the same length differ (DuckDB's hamming)
SPARK_HAMMING = """CASE WHEN a IS NULL OR b IS NULL THEN CAST(NULL AS INT) WHEN length(a) = 0 THEN 0
  ELSE size(filter(sequence(1, length(a)), i -> substr(a, i, 1) <> substr(b, i, 1))) END"""
_SPARK_TYPES = {pa.int64(): "BIGINT", pa.string(): "STRING", pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}
_JW_CALL = re.compile(r"\bjaro_winkler_similarity\s*\(")


class SparkEngine(Engine):
    """PySpark (optional extra `cakupan[spark]`): local mode, a local cluster or a cluster
    (`master`, else $CAKUPAN_SPARK_MASTER, else local[2]), unless a session is given.

    Every step runs on the executors: inputs are read and marts written by Spark itself, the
    linkage is Spark SQL (Jaro-Winkler and Hamming as SQL functions defined at start), its reasons
    are written by Python on the executors (`create_mapped`); what comes to the driver is counts and
    bounded samples (the linkage's training). The executors' Python is this one (sys.executable),
    with cakupan importable."""

    kind = "spark"
    anti_join = "LEFT ANTI JOIN"
    semi_join = "LEFT SEMI JOIN"
    materialized = ""

    def __init__(self, *, spark=None, master: str | None = None, driver_memory: str | None = None):
        """`driver_memory`: the driver JVM's heap, else $CAKUPAN_SPARK_DRIVER_MEMORY, else 2g (in
        local mode the driver is the executor too; a local cluster or cluster needs less: the
        tests run local-cluster[2,1,1024] with 1g)."""
        if spark is None:
            import sys

            memory = driver_memory or os.environ.get("CAKUPAN_SPARK_DRIVER_MEMORY") or "2g"
            master = master or os.environ.get("CAKUPAN_SPARK_MASTER") or "local[2]"
            # the executors' Python (the linkage's reasons): this one, unless the deployment says
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
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
                .getOrCreate()
            )
        self.spark = spark
        self._cached: dict[str, object] = {}
        spark.sql("CREATE OR REPLACE TEMPORARY FUNCTION cakupan_jaro_winkler(a STRING, b STRING) "
                  f"RETURNS DOUBLE RETURN {SPARK_JARO_WINKLER}")
        spark.sql(f"CREATE OR REPLACE TEMPORARY FUNCTION hamming(a STRING, b STRING) RETURNS INT RETURN {SPARK_HAMMING}")

    def _sql(self, sql: str):
        """spark.sql, with jaro_winkler_similarity meaning DuckDB's (see SPARK_JARO_WINKLER)."""
        return self.spark.sql(_JW_CALL.sub("cakupan_jaro_winkler(", sql))

    def execute(self, sql: str) -> None:
        self._sql(sql)

    def create(self, name: str, select_sql: str) -> None:
        self._view(name, self._sql(select_sql))

    def _view(self, name: str, df) -> None:
        # computed once, kept on the executors, and cut from its lineage: a later step's plan reads
        # this table, not the plans of all the steps before it (which made the analyser run out of
        # memory on the linkage's last steps)
        df = df.localCheckpoint(eager=True)
        self.drop(name)
        df.createOrReplaceTempView(name)
        self._cached[name] = df

    def create_view(self, name: str, select_sql: str) -> None:
        self._sql(select_sql).createOrReplaceTempView(name)

    def drop(self, name: str, *, view: bool = False) -> None:
        df = self._cached.pop(name, None)
        if df is not None:   # the checkpoint's blocks on the executors
            df._jdf.queryExecution().analyzed().rdd().unpersist(False)
        self.spark.catalog.dropTempView(name)

    def register_parquet(self, name: str, path: Path | str) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def register_arrow(self, name: str, table: pa.Table) -> None:
        # Spark >= 4 takes Arrow directly (keeps types, works for empty tables too); small tables only
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def arrow(self, name_or_sql: str) -> pa.Table:
        sql = name_or_sql if _is_select(name_or_sql) else f"SELECT * FROM {name_or_sql}"
        return self._sql(sql).toArrow()

    def has_table(self, name: str) -> bool:
        return bool(self.spark.catalog.tableExists(name))

    def columns(self, table: str) -> list[str]:
        return list(self.spark.table(table).columns)

    # read and written by Spark (the executors), not through the driver ---------------------------
    def load_parquet(self, name: str, files: list[tuple[Path, dict[str, str]]], schema: pa.Schema) -> None:
        parts = []
        for path, fill in files:
            df = self.spark.read.parquet(str(path))
            have = set(df.columns)
            parts.append(df.selectExpr(*(
                f"CAST({f.name if f.name in have else _sql_text(fill.get(f.name))} AS {_SPARK_TYPES[f.type]}) AS {f.name}"
                for f in schema)))
        if not parts:
            self.register_arrow(name, schema.empty_table())
            return
        df = parts[0]
        for part in parts[1:]:
            df = df.unionByName(part)
        self._view(name, df)

    def load_csv(self, name: str, path: Path | str, columns: dict[str, str]) -> None:
        # Spark's reader, DuckDB's expressions (the truth CSV is as long as the member extract)
        self.spark.read.option("header", True).csv(str(path)).createOrReplaceTempView(f"__csv_{name}")
        self.create(name, f"SELECT {_csv_select(self.columns(f'__csv_{name}'), columns)} FROM __csv_{name}")
        self.spark.catalog.dropTempView(f"__csv_{name}")

    def write_parquet(self, name: str, path: Path | str) -> None:
        """One Parquet file at `path`, written by an executor (Spark writes a directory of parts: one
        part here, moved into place; the run directory must be on storage the executors share)."""
        import shutil

        sql = name if _is_select(name) else f"SELECT * FROM {name}"
        path = Path(path)
        parts = path.with_name(path.name + ".parts")
        shutil.rmtree(parts, ignore_errors=True)
        (self._sql(sql).coalesce(1).write.mode("overwrite")
         .option("compression", "zstd").parquet(str(parts)))
        files = sorted(parts.glob("part-*.parquet"))
        if len(files) != 1:   # pragma: no cover - Spark writes one part for one partition
            raise RuntimeError(f"expected one Parquet part in {parts}, found {len(files)}")
        files[0].replace(path)
        shutil.rmtree(parts)

    def create_mapped(self, name: str, select_sql: str, *, key: str, fn, out: str) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType

        df = self._sql(select_sql)
        mapped = F.udf(lambda row: fn(row.asDict()), StringType())
        self._view(name, df.select(F.col(key).cast("string").alias(key), mapped(F.struct(*df.columns)).alias(out)))

    # dialect ---------------------------------------------------------------------------------
    def regexp_full_match_sql(self, text: str, pattern: str) -> str:
        whole = "^(?:" + pattern + r")\z"   # \z: Java's $ also matches before a final newline
        return f"({text} RLIKE {_raw_text(whole)})"

    def regexp_replace_sql(self, text: str, pattern: str, replacement: str, *, every: bool = True) -> str:
        import re

        if not every and not (pattern.startswith("^") or pattern.endswith("$")):
            raise ValueError(f"Spark replaces every match; a first-match pattern must be anchored: {pattern}")
        java = re.sub(r"\\([0-9])", r"$\1", replacement)   # groups: \1 (RE2) -> $1 (Java)
        return f"regexp_replace({text}, {_raw_text(pattern)}, {_raw_text(java)})"

    def row_id_sql(self, alias: str, id_col: str) -> str:
        return f"{alias}.{id_col}"

    def hash_sql(self, *exprs: str) -> str:
        return f"xxhash64({', '.join(exprs)})"

    def tokens_sorted_sql(self, text: str) -> str:
        return f"array_join(array_sort(split({text}, ' ')), ' ')"
