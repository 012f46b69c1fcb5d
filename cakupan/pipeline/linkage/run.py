"""`link_members`: the linkage step of the pipeline (exact NIK with a check, then Splink).

On DuckDB everything runs on the engine's own connection. On Spark the needed columns of
`stg_members`, `stg_population` (and `review_decisions`) are pulled to Arrow and linked in a private
DuckDB connection with the same (saved) model, then `links` and `review_queue` are registered back
in Spark — so both engines give identical links for the same model. Why not Spark SQL + Splink's
Spark backend: Spark SQL has no Jaro-Winkler or Hamming function (Splink's Spark backend needs its
similarity jar on the JVM class path at session start, which the shared SparkEngine does not set
up), and the same SQL in both dialects would still round differently.
"""
from __future__ import annotations

import json
import logging
import time
from contextlib import contextmanager

from .chunks import REST, chunk_tables, chunks, rest_prior_ratio, training_tables
from .decide import steps_choose, steps_links
from .model import POPULATION_ROWS, model_for_population, model_for_unsettled, model_predict, model_train
from .prepare import steps_prepare
from .settings import LinkOutcome, LinkSettings

log = logging.getLogger(__name__)

METHODS = ("exact", "exact-flagged", "probabilistic", "review", "none")
_MEMBER_COLS = "member_key, kpj, nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah"
_POP_COLS = "nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah"


@contextmanager
def _timed(timings: dict, phase: str):
    t0 = time.perf_counter()
    yield
    timings[phase] = round(timings.get(phase, 0.0) + time.perf_counter() - t0, 3)


def _duck_has_table(con, name: str) -> bool:
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(con.execute(sql, [name]).fetchall()[0][0])


def link_members(engine, *, settings: LinkSettings) -> LinkOutcome:
    """Create `links` and `review_queue` in `engine` from `stg_population`, `stg_members` (and
    `review_decisions` when present). Returns counts per method, timings and the model's origin."""
    if engine.kind == "spark":
        return _link_spark(engine, settings=settings)
    return _link_duckdb(engine.con, settings=settings)


def _link_spark(engine, *, settings: LinkSettings) -> LinkOutcome:
    from ..engine import DuckDBEngine

    timings: dict[str, float] = {}
    spark = engine.spark
    with _timed(timings, "spark_pull"):
        work = DuckDBEngine()
        # every population row can be reached by the blocking, so the population is pulled whole
        work.register_arrow("stg_members", engine.arrow(f"SELECT {_MEMBER_COLS} FROM stg_members"))
        work.register_arrow("stg_population", engine.arrow(f"SELECT {_POP_COLS} FROM stg_population"))
        if spark.catalog.tableExists("review_decisions"):
            work.register_arrow("review_decisions", engine.arrow(
                "SELECT member_key, candidate_nik, decision FROM review_decisions"))
    outcome = _link_duckdb(work.con, settings=settings)
    with _timed(timings, "spark_push"):
        for name in ("links", "review_queue"):
            engine.register_arrow(name, work.arrow(name))
    work.close()
    return LinkOutcome(counts=outcome.counts, review_candidates=outcome.review_candidates,
                       timings={**outcome.timings, **timings}, model=outcome.model, model_path=outcome.model_path)


def _link_duckdb(con, *, settings: LinkSettings) -> LinkOutcome:
    timings: dict[str, float] = {}
    with _timed(timings, "exact"):
        steps_prepare(con, flag_name_jw=settings.flag_name_jw)
        has_decisions = _duck_has_table(con, "review_decisions")
        if has_decisions:
            con.execute("""CREATE OR REPLACE TABLE lk_decisions AS
                SELECT CAST(member_key AS VARCHAR) AS member_key, CAST(candidate_nik AS VARCHAR) AS candidate_nik,
                       lower(trim(decision)) AS decision FROM review_decisions""")
    n_left = con.execute("SELECT count(*) FROM lk_left").fetchall()[0][0]
    model_state, model = "none", None
    path = settings.model_path
    if n_left:
        with _timed(timings, "train"):
            if path is not None and path.exists() and not settings.retrain:
                model, model_state = json.loads(path.read_text()), "loaded"
            else:
                left, right = training_tables(con, settings)
                model, model_state = model_train(con, left=left, right=right, settings=settings, path=path), "trained"
        with _timed(timings, "predict"):
            _predict_all(con, settings=settings, model=model)
    else:
        con.execute("CREATE OR REPLACE TABLE lk_pred (member_key VARCHAR, cand_nik VARCHAR, "
                    "match_weight DOUBLE, match_probability DOUBLE)")
    with _timed(timings, "decide"):
        steps_choose(con, settings=settings, has_decisions=has_decisions)
        steps_links(con, settings=settings)
    counts = dict.fromkeys(METHODS, 0)
    counts.update(dict(con.execute("SELECT method, count(*) FROM links GROUP BY method").fetchall()))
    n_queue = con.execute("SELECT count(*) FROM review_queue").fetchall()[0][0]
    for t in ("lk_names", "lk_members", "lk_population", "lk_exact", "lk_all", "lk_left", "lk_right",
              "lk_pred", "lk_cand", "lk_choice", "lk_pairs", "lk_decisions", "lk_left_c", "lk_right_c", "lk_pred_c"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    log.info("links: %s; review candidates %d; %s", counts, n_queue, timings)
    return LinkOutcome(counts=counts, review_candidates=n_queue, timings=timings, model=model_state, model_path=path)


def _predict_all(con, *, settings, model: dict) -> None:
    con.execute("CREATE OR REPLACE TABLE lk_pred (member_key VARCHAR, cand_nik VARCHAR, "
                "match_weight DOUBLE, match_probability DOUBLE)")
    model = model_for_unsettled(model)
    trained_on = model.get(POPULATION_ROWS)
    for chunk in chunks(con, settings):
        left, right = chunk_tables(con, settings=settings, chunk=chunk)
        if not con.execute(f"SELECT count(*) FROM {left}").fetchall()[0][0]:
            continue
        n_right = con.execute(f"SELECT count(*) FROM {right}").fetchall()[0][0]
        prior = rest_prior_ratio(con, settings) if chunk is REST else 1.0
        scaled = model_for_population(model, n_right, trained_on, prior_ratio=prior)
        model_predict(con, left=left, right=right, model=scaled, out="lk_pred_c", threshold=settings.review_threshold)
        con.execute("INSERT INTO lk_pred SELECT member_key, cand_nik, match_weight, match_probability FROM lk_pred_c")
