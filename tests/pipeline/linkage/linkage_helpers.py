"""Helpers shared by the linkage tests (a module of its own: tests/ has no packages)."""
from __future__ import annotations

from pathlib import Path

from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.linkage.prepare import prepare_steps
from cakupan.pipeline.linkage.run import link_inputs
from cakupan.pipeline.steps import steps_run

DATA = Path(__file__).parent / "data"
STRICT = dict(accept_threshold=0.99999, review_threshold=0.5)   # a wide review band for tests


def staged_engine(engine=None):
    engine = engine or DuckDBEngine(threads=1)
    engine.register_parquet("stg_population", DATA / "stg_population.parquet")
    engine.register_parquet("stg_members", DATA / "stg_members.parquet")
    return engine


def rows(engine, sql: str) -> list[dict]:
    return engine.arrow(sql).to_pylist()


def prepared(engine, *, flag_name_jw: float = 0.85):
    """The linkage's prepare steps on a DuckDB engine holding stg_population and stg_members."""
    for name, sql in link_inputs(engine).items():
        engine.create_view(name, sql)
    steps_run(engine, prepare_steps(flag_name_jw=flag_name_jw), {}, {})
    return engine
