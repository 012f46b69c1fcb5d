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
import math
import time
from contextlib import contextmanager

from .chunks import chunk_tables, chunks, rest_condition, rest_prior_ratio, training_tables
from .decide import steps_choose, steps_links
from .model import POPULATION_ROWS, model_for_population, model_for_unsettled, model_predict, model_train
from .prepare import steps_prepare
from .settings import LinkOutcome, LinkSettings

log = logging.getLogger(__name__)

METHODS = ("exact", "exact-flagged", "probabilistic", "review", "none")
_MEMBER_COLS = "member_key, kpj, nik, nik_error, nama, tanggal_lahir, jenis_kelamin, kode_wilayah"
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
                       timings={**outcome.timings, **timings}, model=outcome.model, model_path=outcome.model_path,
                       null_odds=outcome.null_odds)


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
    model_state, model, null_odds = "none", None, None
    path = settings.model_path
    if n_left:
        with _timed(timings, "train"):
            if path is not None and path.exists() and not settings.retrain:
                model, model_state = json.loads(path.read_text()), "loaded"
            else:
                left, right = training_tables(con, settings)
                model, model_state = model_train(con, left=left, right=right, settings=settings, path=path), "trained"
        with _timed(timings, "predict"):
            null_odds = _predict_all(con, settings=settings, model=model)
    else:
        con.execute("CREATE OR REPLACE TABLE lk_pred (member_key VARCHAR, cand_nik VARCHAR, "
                    "match_weight DOUBLE, match_probability DOUBLE)")
    with _timed(timings, "decide"):
        steps_choose(con, settings=settings, has_decisions=has_decisions)
        steps_links(con, settings=settings)
    counts = dict.fromkeys(METHODS, 0)
    counts.update(dict(con.execute("SELECT method, count(*) FROM links GROUP BY method").fetchall()))
    n_queue = con.execute("SELECT count(*) FROM review_queue").fetchall()[0][0]
    con.execute("DROP VIEW IF EXISTS lk_population")
    con.execute("DROP VIEW IF EXISTS lk_all")
    for t in ("lk_names", "lk_members", "lk_exact", "lk_left", "lk_right", "lk_area_codes",
              "lk_pred", "lk_cand", "lk_choice", "lk_pairs", "lk_decisions", "lk_left_c", "lk_right_c", "lk_pred_c"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    log.info("links: %s; review candidates %d; %s", counts, n_queue, timings)
    return LinkOutcome(counts=counts, review_candidates=n_queue, timings=timings, model=model_state, model_path=path,
                       null_odds=null_odds)


def _predict_all(con, *, settings, model: dict) -> float:
    """Score every member still to link against its candidates; `lk_pred` gets the Splink match
    weight and the candidate-normalised probability (see `steps_normalise`). Returns the null odds."""
    con.execute("CREATE OR REPLACE TABLE lk_pred (member_key VARCHAR, cand_nik VARCHAR, match_weight DOUBLE)")
    excel_share = con.execute("SELECT coalesce(avg(CASE WHEN nik_excel THEN 1.0 ELSE 0.0 END), 0) FROM lk_left").fetchall()[0][0]
    model = model_for_unsettled(model, excel_share=float(excel_share))
    trained_on = model.get(POPULATION_ROWS)
    # pairs below this weight cannot become a review candidate even with the smallest null odds
    floor_w = math.log2(settings.review_candidate_min / (1 - settings.review_candidate_min) * NULL_ODDS_MIN) - 5
    prior_mass = 1.0
    for chunk in chunks(con, settings):
        left, right = chunk_tables(con, settings=settings, chunk=chunk)
        if not con.execute(f"SELECT count(*) FROM {left}").fetchall()[0][0]:
            continue
        n_right = con.execute(f"SELECT count(*) FROM {right}").fetchall()[0][0]
        scaled = model_for_population(model, n_right, trained_on)
        prior_mass = scaled["probability_two_random_records_match"] * n_right
        model_predict(con, left=left, right=right, model=scaled, out="lk_pred_c", threshold_weight=floor_w)
        con.execute("INSERT INTO lk_pred SELECT member_key, cand_nik, match_weight FROM lk_pred_c")
    ratio = rest_prior_ratio(con, settings)
    con.execute(f"""CREATE OR REPLACE TABLE lk_pred AS
        SELECT p.member_key, p.cand_nik,
               p.match_weight + CASE WHEN r.is_rest THEN {math.log2(max(ratio, 1e-9))} ELSE 0 END AS match_weight,
               r.is_rest
        FROM lk_pred p JOIN (SELECT unique_id, {rest_condition(settings)} AS is_rest FROM lk_left) r
          ON r.unique_id = p.member_key""")
    null_odds = settings.null_odds
    if null_odds is None:
        null_odds = null_odds_estimate(con, settings=settings, prior_mass=min(prior_mass, 1.0))
    steps_normalise(con, settings=settings, null_odds=null_odds)
    return null_odds


NULL_ODDS_MIN, NULL_ODDS_MAX = 1e-3, 1.0


def null_odds_estimate(con, *, settings, prior_mass: float, iterations: int = 50) -> float:
    """EM for the share of in-area members whose true person is none of their candidates.

    Each in-area member still to link has posterior P(none) = c / (S + c), S = the sum of its
    candidates' odds (0 without candidates). The prior P(none) = c / (prior_mass + c), prior_mass
    being λ × population (the odds mass of candidates before any evidence); EM sets the prior to the
    mean posterior and solves for c. No labels: the data say how many members find nobody."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE lk_odds AS
        SELECT coalesce(s.odds, 0) AS x FROM lk_left l
        LEFT JOIN (SELECT member_key, sum(pow(2, match_weight)) AS odds FROM lk_pred GROUP BY member_key) s
          ON s.member_key = l.unique_id
        WHERE NOT {rest_condition(settings)}""")
    n = con.execute("SELECT count(*) FROM lk_odds").fetchall()[0][0]
    if not n:
        con.execute("DROP TABLE lk_odds")
        return NULL_ODDS_MAX
    c = 0.05
    for _ in range(iterations):   # each step one pass over the members in SQL (250,000 at 10×)
        f = con.execute("SELECT avg($c / (x + $c)) FROM lk_odds", {"c": c}).fetchall()[0][0]
        c_new = min(max(f / max(1 - f, 1e-9) * prior_mass, NULL_ODDS_MIN), NULL_ODDS_MAX)
        if abs(c_new - c) < 1e-6:
            break
        c = c_new
    con.execute("DROP TABLE lk_odds")
    log.info("null odds estimated: %.4g over %d members", c, n)
    return c


def steps_normalise(con, *, settings, null_odds: float) -> None:
    """Match probability of each candidate *among the member's candidates*.

    Fellegi–Sunter scores each pair alone: p = odds / (odds + 1), where odds = 2^match_weight and
    the 1 stands for "this person is not the one". A member who lives in the register's areas is
    almost always *somebody* in the register, and blocking reaches that somebody ~99 % of the time,
    so with candidates c_1..c_k the posterior of c_i is odds_i / (sum_j odds_j + c), where c, the
    null odds, is the chance that the true person is none of them (`LinkSettings.null_odds`, else estimated by `null_odds_estimate`). A
    plain name, the same birth date and a NIK one digit off in another kapanewon is then a match when
    nobody else comes close, and two near-equal candidates share the probability between them.
    The rest (living outside the register's areas) keep c = 1, their prior scaled already by
    `chunks.rest_prior_ratio`."""
    con.execute(f"""CREATE OR REPLACE TABLE lk_pred AS
        WITH w AS (
          SELECT member_key, cand_nik, match_weight,
                 CASE WHEN is_rest THEN 1.0 ELSE {float(null_odds)} END AS null_odds
          FROM lk_pred),
        n AS (SELECT *, max(match_weight) OVER (PARTITION BY member_key) AS top_w FROM w)
        SELECT member_key, cand_nik, match_weight,
               -- scaled by 2^-top_w so that no power overflows
               pow(2, match_weight - top_w)
                 / (sum(pow(2, match_weight - top_w)) OVER (PARTITION BY member_key) + null_odds * pow(2, -top_w))
                 AS match_probability
        FROM n""")
    con.execute(f"DELETE FROM lk_pred WHERE match_probability < {float(settings.review_candidate_min)}")
