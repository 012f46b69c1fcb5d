"""One small dialect layer over the engines the pipeline runs on (no Django here).

Steps are SQL strings written in the common subset of DuckDB and Spark SQL; where the two differ
the step asks the engine (`engine.fn(...)`) rather than branching itself. Everything that differs
between the engines lives here, so no other module asks which engine it runs on: how inputs are
read (`load_parquet`, `load_csv`: each engine's own readers, Arrow for any other), how tables are
made, dropped and written, the dialect (`regexp_full_match_sql`, `anti_join`, `row_id_sql`, ...),
the functions only DuckDB has (SparkEngine defines Jaro-Winkler and Hamming as SQL functions),
Python over a table's rows (`create_mapped`: on Spark's executors) and where Splink trains
(`duckdb_work`: a DuckDB holding bounded samples — the engine's own connection on DuckDB).

    eng = DuckDBEngine()                       # or SparkEngine(master="local-cluster[2,1,1024]")   (engine_spark.py)
    eng.register_parquet("raw_population", path)
    eng.create("stg_population", "SELECT ... FROM raw_population")
    tbl = eng.arrow("SELECT count(*) FROM stg_population")   # pyarrow.Table: small results only
    eng.write_parquet("coverage", out_dir / "coverage.parquet")
    with eng.duckdb_work({"lk_u_left": "SELECT * FROM lk_s_u_left"}) as work:
        work.con                                 # DuckDB, for Splink, on a fixed-size sample
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .arrow_io import TRUE_TEXT

log = logging.getLogger(__name__)

_SQL_TYPES = {pa.int64(): "BIGINT", pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}
_G = ", 'g'"


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

    def scalar(self, sql: str):
        """The first column of the first row (a check's count)."""
        return self.rows(sql)[0][0]

    def write_parquet(self, name: str, path: Path | str) -> None:
        pq.write_table(self.arrow(name), str(path))

    def close(self) -> None:
        pass

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    # inputs: read with pyarrow here (arrow_io), with DuckDB's own readers in DuckDBEngine ----------
    def load_parquet(self, name: str, files: list[tuple[Path, dict[str, str]]], schema: pa.Schema) -> None:
        """Table `name` with exactly `schema`'s columns and types: the Parquet `files` unioned; a
        column a file lacks is NULL, or the text its dict gives (e.g. {"roster_kind": "opd"}); no
        files, an empty table."""
        from .arrow_io import parquet_table

        self.register_arrow(name, parquet_table(files, schema))

    def load_csv(self, name: str, path: Path | str, columns: dict[str, str]) -> None:
        """Table `name` from a reference CSV: `columns` maps each column to its kind (arrow_io.CSV_KINDS)."""
        from .arrow_io import csv_table

        self.register_arrow(name, csv_table(path, columns))

    # work only DuckDB does (Splink's training) ---------------------------------------------------
    @contextmanager
    def duckdb_work(self, pull: dict[str, str], push: tuple[str, ...] = (),
                    timings: dict[str, float] | None = None) -> Iterator["DuckDBEngine"]:
        """A DuckDB engine holding the `pull` tables (name -> SELECT over this engine's tables),
        for work in DuckDB's dialect; on the way out the `push` tables come back to this engine.
        Here: a private DuckDB with Arrow copies in this process (timed as <kind>_pull,
        <kind>_push) — so pull only tables of a bounded size (the linkage pulls its training
        samples); DuckDBEngine works on its own connection, `pull` as views."""
        timings = {} if timings is None else timings
        t0 = time.perf_counter()
        work = DuckDBEngine()
        try:
            for table, sql in pull.items():
                work.register_arrow(table, self.arrow(sql))
            timings[f"{self.kind}_pull"] = round(time.perf_counter() - t0, 3)
            yield work
            t0 = time.perf_counter()
            for table in push:
                self.register_arrow(table, work.arrow(table))
            timings[f"{self.kind}_push"] = round(time.perf_counter() - t0, 3)
        finally:
            work.close()

    # dialect helpers -------------------------------------------------------------------------
    def months_between_sql(self, later: str, earlier: str) -> str:
        """Whole calendar months from `earlier` to `later` (both DATE expressions)."""
        return f"((year({later}) - year({earlier})) * 12 + (month({later}) - month({earlier})))"

    def month_start_plus_sql(self, date: str, months: str) -> str:
        """The first day of the month `months` (an integer expression) after `date`'s month."""
        k = f"(year({date}) * 12 + month({date}) - 1 + {months})"
        return f"make_date(CAST(floor({k} / 12) AS INT), CAST({k} % 12 + 1 AS INT), 1)"

    # DuckDB's spelling here; SparkEngine overrides what Spark spells differently. The functions
    # `jaro_winkler_similarity(a, b)` and `hamming(a, b)` exist on both engines (SparkEngine defines
    # them as SQL functions at start), so the model's SQL (Splink JSON) runs unchanged on either.
    def regexp_full_match_sql(self, text: str, pattern: str) -> str:
        """SQL: `text` matches the regular expression `pattern` (a Python str) as a whole."""
        return f"regexp_full_match({text}, {_sql_text(pattern)})"

    def regexp_replace_sql(self, text: str, pattern: str, replacement: str, *, every: bool = True) -> str:
        """SQL: `pattern` replaced by `replacement` (groups as \\1) in `text`; every match or the first."""
        return f"regexp_replace({text}, {_sql_text(pattern)}, {_sql_text(replacement)}{_G if every else ''})"

    anti_join = "ANTI JOIN"     # rows of the left side without a match on the right
    semi_join = "SEMI JOIN"     # rows of the left side with a match (once)
    materialized = "MATERIALIZED"   # a CTE computed once (WITH x AS MATERIALIZED (...))

    def row_id_sql(self, alias: str, id_col: str) -> str:
        """SQL: a key of `alias`'s row to join pairs back by — DuckDB's row id (integers hash and
        join faster than the text ids), the id itself where there is none."""
        return f"{alias}.rowid"

    def hash_sql(self, *exprs: str) -> str:
        """SQL: a seeded hash (sampling: ORDER BY hash LIMIT n)."""
        return f"hash({', '.join(exprs)})"

    def tokens_sorted_sql(self, text: str) -> str:
        """SQL: the space-separated words of `text` in alphabetical order."""
        return f"array_to_string(array_sort(string_split({text}, ' ')), ' ')"

    def columns(self, table: str) -> list[str]:
        return list(self.arrow(f"SELECT * FROM {table} LIMIT 0").column_names)

    def drop(self, name: str, *, view: bool = False) -> None:
        self.execute(f"DROP {'VIEW' if view else 'TABLE'} IF EXISTS {name}")

    def create_mapped(self, name: str, select_sql: str, *, key: str, fn, out: str) -> None:
        """Table `name` (key, out): `fn(row as dict)` (a module-level function returning text) for
        every row of `select_sql` — Python where SQL cannot say it (the linkage's reasons). Here
        the rows come to this process; SparkEngine runs `fn` on its executors."""
        rows = self.arrow(select_sql).to_pylist()
        self.register_arrow(name, pa.table({key: pa.array([r[key] for r in rows], pa.string()),
                                            out: pa.array([fn(r) for r in rows], pa.string())}))


def _sql_text(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _csv_select(have: list[str], columns: dict[str, str]) -> str:
    """The SELECT list typing a reference CSV read as text (`have`: its columns) by column kind."""
    true = "(" + ", ".join(_sql_text(t) for t in TRUE_TEXT) + ")"
    exprs = {
        "int": lambda c: f"CAST({c} AS INTEGER)",
        "str": lambda c: c,
        "text": lambda c: f"coalesce({c}, '')" if c in have else "''",
        "flag": lambda c: f"coalesce(lower({c}) IN {true}, false)" if c in have else "false",
    }
    return ", ".join(f"{exprs[spec](c)} AS {c}" for c, spec in columns.items())


def _raw_text(value: str) -> str:
    """A Spark SQL raw string literal (backslashes kept, as DuckDB keeps them in '...')."""
    if "'" in value:
        raise ValueError(f"no quote in a raw literal: {value}")
    return "r'" + value + "'"


def _is_select(s: str) -> bool:
    return s.lstrip().lower().startswith(("select", "with", "from", "("))


class DuckDBEngine(Engine):
    kind = "duckdb"

    def __init__(self, *, database: str = ":memory:", threads: int | None = None, memory_limit: str | None = None):
        import duckdb

        self.con = duckdb.connect(database)
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        # the run's working memory: given, else $CAKUPAN_DUCKDB_MEMORY (e.g. 8GB; DuckDB spills
        # beyond it), else DuckDB's own default of 80 % of the machine
        memory_limit = memory_limit or os.environ.get("CAKUPAN_DUCKDB_MEMORY")
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

    def scalar(self, sql: str):
        return self.con.execute(sql).fetchall()[0][0]   # no Arrow round trip: ~1 ms a check

    def has_table(self, name: str) -> bool:
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
        return bool(self.con.execute(sql, [name]).fetchall()[0][0])

    # inputs in DuckDB itself: the same tables as Engine's, without pyarrow's Parquet reader start-up
    # (~0.3 s) or importing pyarrow.compute (~0.3 s), and registering no Python object (which makes
    # DuckDB import pandas, ~0.3 s) — in a run of a few seconds
    def load_parquet(self, name: str, files: list[tuple[Path, dict[str, str]]], schema: pa.Schema) -> None:
        parts = []
        for path, fill in files:
            src = f"read_parquet('{Path(path).as_posix()}')"
            cols = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
            select = ", ".join(
                f"CAST({f.name if f.name in cols else _sql_text(fill.get(f.name))} AS {_SQL_TYPES[f.type]}) AS {f.name}"
                for f in schema)
            parts.append(f"SELECT {select} FROM {src}")
        if not parts:
            decl = ", ".join(f"{f.name} {_SQL_TYPES[f.type]}" for f in schema)
            self.con.execute(f"CREATE OR REPLACE TABLE {name} ({decl})")
            return
        # one statement for all files (each statement costs ~20 ms here, whatever its size)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS " + " UNION ALL ".join(parts))

    def load_csv(self, name: str, path: Path | str, columns: dict[str, str]) -> None:
        src = f"read_csv('{Path(path).as_posix()}', header = true, all_varchar = true)"
        have = [r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {_csv_select(have, columns)} FROM {src}")

    @contextmanager
    def duckdb_work(self, pull: dict[str, str], push: tuple[str, ...] = (),
                    timings: dict[str, float] | None = None) -> Iterator["DuckDBEngine"]:
        for view, sql in pull.items():
            self.create_view(view, sql)
        try:
            yield self
        finally:
            for view in pull:
                self.con.execute(f"DROP VIEW IF EXISTS {view}")

    def create_mapped(self, name: str, select_sql: str, *, key: str, fn, out: str) -> None:
        # handed back as two list parameters: no Arrow conversion of Python objects, which would
        # import pandas (0.2 s of a 1 s run)
        cur = self.con.execute(f"SELECT * FROM ({select_sql}) q")
        names = [d[0] for d in cur.description]
        keys, outs = [], []
        for values in cur.fetchall():
            row = dict(zip(names, values))
            keys.append(row[key])
            outs.append(fn(row))
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT unnest($1::VARCHAR[]) AS {key}, "
                         f"unnest($2::VARCHAR[]) AS {out}", [keys, outs])

    def write_parquet(self, name: str, path: Path | str) -> None:
        sql = name if _is_select(name) else f"SELECT * FROM {name}"
        # zstd: smaller than snappy and, measured here, faster to write (0.4 s vs 0.7 s for ~1 M persons)
        self.con.execute(f"COPY ({sql}) TO '{Path(path).as_posix()}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)")

    def close(self) -> None:
        self.con.close()


from .engine_spark import SparkEngine  # noqa: E402 (it builds on Engine above)

ENGINES = {"duckdb": DuckDBEngine, "spark": SparkEngine}


def engine_make(kind: str = "duckdb", **kwargs) -> Engine:
    if kind not in ENGINES:
        from cakupan.errors import UserError

        raise UserError(f"Mesin tidak dikenal: {kind} (pilih duckdb atau spark)", code="engine.unknown")
    return ENGINES[kind](**kwargs)
