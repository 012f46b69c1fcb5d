"""Scoring the members still to link, and each candidate's probability among the member's
candidates (named steps on the pipeline's engine).

lk_pred_c<i>  one row per blocked member x person pair of chunk i at or above the floor weight (score.py)
lk_scored     one row per scored member x candidate pair, all chunks
lk_weighted   the same pairs: match weight with the rest's own prior, and whether the member is one of the rest
lk_odds       one row per in-area member still to link: its candidates' summed odds (null odds EM)
lk_pred       one row per member x candidate at or above review_candidate_min: the normalised probability
"""
from __future__ import annotations

import logging
import math

from ..steps import Accounted, NotNull, Step, steps_drop, steps_run
from .chunks import chunk_tables, chunks, rest_condition, rest_prior_ratio
from .score import _num
from .model import POPULATION_ROWS, model_for_population, model_for_unsettled, model_predict

log = logging.getLogger(__name__)

NULL_ODDS_MIN, NULL_ODDS_MAX = 1e-3, 1.0
_PAIR = "SELECT member_key, cand_nik, match_weight FROM "


def predict_all(work, *, settings, model: dict, timings: dict[str, float]) -> float:
    """Score every member still to link against its candidates; `lk_pred` gets the Splink match
    weight and the candidate-normalised probability (see `steps_normalise`). Returns the null odds."""
    n, n_excel = work.rows("SELECT count(*), count(*) FILTER (WHERE nik_excel) FROM lk_left")[0]
    excel_share = n_excel / n if n else 0.0
    model = model_for_unsettled(model, excel_share=float(excel_share))
    trained_on = model.get(POPULATION_ROWS)
    # pairs below this weight cannot become a review candidate even with the smallest null odds
    floor_w = math.log2(settings.review_candidate_min / (1 - settings.review_candidate_min) * NULL_ODDS_MIN) - 5
    prior_mass, parts = 1.0, []
    for chunk in chunks(work, settings):
        left, right = chunk_tables(work, settings=settings, chunk=chunk, timings=timings)
        if not work.scalar(f"SELECT count(*) FROM {left}"):
            continue
        n_right = work.scalar(f"SELECT count(*) FROM {right}")
        scaled = model_for_population(model, n_right, trained_on)
        prior_mass = scaled["probability_two_random_records_match"] * n_right
        out = f"lk_pred_c{len(parts)}"
        model_predict(work, left=left, right=right, model=scaled, out=out, threshold_weight=floor_w, timings=timings)
        parts.append(out)
    empty = "SELECT CAST(NULL AS STRING) AS member_key, CAST(NULL AS STRING) AS cand_nik, " \
            "CAST(NULL AS DOUBLE) AS match_weight WHERE false"
    scored = Step("lk_scored", "one row per scored member x candidate pair, all chunks",
                  " UNION ALL ".join(_PAIR + p for p in parts) or empty, (NotNull("member_key", "cand_nik"),))
    steps_run(work, [scored], {}, timings)
    for part in parts:
        work.drop(part)
    ratio = rest_prior_ratio(work, settings)
    weighted = Step(
        "lk_weighted", "one row per scored pair: the weight with the rest's own prior, and whether the member is one of the rest",
        f"""SELECT p.member_key, p.cand_nik,
               p.match_weight + CASE WHEN r.is_rest THEN {_num(math.log2(max(ratio, 1e-9)))} ELSE {_num(0.0)} END AS match_weight,
               r.is_rest
        FROM lk_scored p JOIN (SELECT unique_id, {rest_condition(settings)} AS is_rest FROM lk_left) r
          ON r.unique_id = p.member_key""",
        (Accounted("every scored pair", "SELECT count(*) FROM {t}", "SELECT count(*) FROM lk_scored"),))
    steps_run(work, [weighted], {}, timings)
    null_odds = settings.null_odds
    if null_odds is None:
        null_odds = null_odds_estimate(work, settings=settings, prior_mass=min(prior_mass, 1.0), timings=timings)
    steps_normalise(work, settings=settings, null_odds=null_odds, timings=timings)
    steps_drop(work, [scored, weighted])
    return null_odds


def null_odds_estimate(work, *, settings, prior_mass: float, iterations: int = 50,
                       timings: dict[str, float] | None = None) -> float:
    """EM for the share of in-area members whose true person is none of their candidates.

    Each in-area member still to link has posterior P(none) = c / (S + c), S = the sum of its
    candidates' odds (0 without candidates). The prior P(none) = c / (prior_mass + c), prior_mass
    being λ × population (the odds mass of candidates before any evidence); EM sets the prior to the
    mean posterior and solves for c. No labels: the data say how many members find nobody.
    Reads lk_weighted (member_key, match_weight) and lk_left."""
    odds = Step("lk_odds", "one row per in-area member still to link: its candidates' summed odds",
                f"""SELECT coalesce(s.odds, 0) AS x FROM lk_left l
        LEFT JOIN (SELECT member_key, sum(pow(2, match_weight)) AS odds FROM lk_weighted GROUP BY member_key) s
          ON s.member_key = l.unique_id
        WHERE NOT {rest_condition(settings)}""", (NotNull("x"),))
    steps_run(work, [odds], {}, {} if timings is None else timings)
    n = work.scalar("SELECT count(*) FROM lk_odds")
    c = NULL_ODDS_MAX
    if n:
        c = 0.05
        for _ in range(iterations):   # each step one pass over the members in SQL (250,000 at 10×)
            f = work.scalar(f"SELECT avg({_num(c)} / (x + {_num(c)})) FROM lk_odds")
            c_new = min(max(f / max(1 - f, 1e-9) * prior_mass, NULL_ODDS_MIN), NULL_ODDS_MAX)
            if abs(c_new - c) < 1e-6:
                break
            c = c_new
        log.info("null odds estimated: %.4g over %d members", c, n)
    steps_drop(work, [odds])
    return c


def steps_normalise(work, *, settings, null_odds: float, timings: dict[str, float] | None = None) -> None:
    """Match probability of each candidate *among the member's candidates* (lk_weighted -> lk_pred).

    Fellegi–Sunter scores each pair alone: p = odds / (odds + 1), where odds = 2^match_weight and
    the 1 stands for "this person is not the one". A member who lives in the register's areas is
    almost always *somebody* in the register, and blocking reaches that somebody ~99 % of the time,
    so with candidates c_1..c_k the posterior of c_i is odds_i / (sum_j odds_j + c), where c, the
    null odds, is the chance that the true person is none of them (`LinkSettings.null_odds`, else
    estimated by `null_odds_estimate`). A plain name, the same birth date and a NIK one digit off in
    another kapanewon is then a match when nobody else comes close, and two near-equal candidates
    share the probability between them. The rest (living outside the register's areas) keep c = 1,
    their prior scaled already by `chunks.rest_prior_ratio`."""
    step = Step("lk_pred", "one row per member x candidate at or above review_candidate_min: its normalised probability",
                f"""SELECT * FROM (
        WITH w AS (
          SELECT member_key, cand_nik, match_weight,
                 CASE WHEN is_rest THEN {_num(1.0)} ELSE {_num(null_odds)} END AS null_odds
          FROM lk_weighted),
        n AS (SELECT *, max(match_weight) OVER (PARTITION BY member_key) AS top_w FROM w)
        SELECT member_key, cand_nik, match_weight,
               -- scaled by 2^-top_w so that no power overflows
               pow(2, match_weight - top_w)
                 / (sum(pow(2, match_weight - top_w)) OVER (PARTITION BY member_key) + null_odds * pow(2, -top_w))
                 AS match_probability
        FROM n) q
        WHERE match_probability >= {_num(settings.review_candidate_min)}""",
                (NotNull("member_key", "cand_nik", "match_probability"),))
    steps_run(work, [step], {}, {} if timings is None else timings)
