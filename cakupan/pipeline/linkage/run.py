"""`link_members`: the linkage step of the pipeline (exact NIK with a check, then Splink).

The linkage is a sequence of named steps, each with its grain and checks (`pipeline/steps.py`):
`prepare.py` (names, the exact match and its check, what is left to link), `predict.py` with
`score.py` (the saved model compiled to SQL, probabilities among each member's candidates) and
`decide.py` (choice, reasons, `links`, `review_queue`). Training (`model.py`) is Splink's own.

The steps are DuckDB SQL (Jaro-Winkler, Hamming) and run on `Engine.duckdb_work`: on DuckDB the
engine's own connection; on Spark a private DuckDB holding Arrow copies of the needed columns of
`stg_members`, `stg_population` (and `review_decisions`), after which `links` and `review_queue`
go back to Spark — so both engines give identical links for the same model. Why not Spark SQL +
Splink's Spark backend: Spark SQL has no Jaro-Winkler or Hamming function (Splink's Spark backend
needs its similarity jar on the JVM class path at session start, which the shared SparkEngine does
not set up), and the same SQL in both dialects would still round differently.
"""
from __future__ import annotations

import json
import logging
import time
from contextlib import contextmanager

from cakupan.core.vocab import LINK_METHODS

from ..steps import steps_drop, steps_run
from .chunks import training_tables
from .decide import choose_steps, links_make
from .model import model_train
from .predict import predict_all
from .prepare import prepare_steps
from .settings import LinkOutcome, LinkSettings

log = logging.getLogger(__name__)

# what the linkage reads from the pipeline's engine (pulled: `Engine.duckdb_work`)
LINK_INPUTS = {
    "lk_in_members": "SELECT member_key, kpj, nik, nik_error, nama, tanggal_lahir, jenis_kelamin, kode_wilayah "
                     "FROM stg_members",
    "lk_in_population": "SELECT nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah FROM stg_population",
}
DECISIONS_INPUT = {"lk_in_decisions": "SELECT member_key, candidate_nik, decision FROM review_decisions"}
LINK_OUTPUTS = ("links", "review_queue")


@contextmanager
def _timed(timings: dict, phase: str):
    t0 = time.perf_counter()
    yield
    timings[phase] = round(timings.get(phase, 0.0) + time.perf_counter() - t0, 3)


def link_members(engine, *, settings: LinkSettings) -> LinkOutcome:
    """Create `links` and `review_queue` in `engine` from `stg_population`, `stg_members` (and
    `review_decisions` when present). Returns counts per method, timings and the model's origin."""
    has_decisions = engine.has_table("review_decisions")
    pull = {**LINK_INPUTS, **(DECISIONS_INPUT if has_decisions else {})}
    timings: dict[str, float] = {}
    with engine.duckdb_work(pull, push=LINK_OUTPUTS, timings=timings) as work:
        outcome = link_work(work, settings=settings, has_decisions=has_decisions)
    outcome.timings.update(timings)
    return outcome


def link_work(work, *, settings: LinkSettings, has_decisions: bool) -> LinkOutcome:
    """The linkage on a DuckDB engine that holds LINK_INPUTS (and DECISIONS_INPUT)."""
    timings: dict[str, float] = {}
    steps: dict[str, float] = {}   # step -> seconds (create + checks)
    con = work.con
    with _timed(timings, "exact"):
        prepared = prepare_steps(flag_name_jw=settings.flag_name_jw, has_decisions=has_decisions)
        steps_run(work, prepared, {}, steps)
    n_left = con.execute("SELECT count(*) FROM lk_left").fetchall()[0][0]
    model_state, model, null_odds = "none", None, None
    path = settings.model_path
    if n_left:
        with _timed(timings, "train"):
            if path is not None and path.exists() and not settings.retrain:
                model, model_state = json.loads(path.read_text()), "loaded"
            else:
                left, right = training_tables(work, settings, steps)
                model, model_state = model_train(con, left=left, right=right, settings=settings, path=path), "trained"
        with _timed(timings, "predict"):
            null_odds = predict_all(work, settings=settings, model=model, timings=steps)
    else:
        con.execute("CREATE OR REPLACE TABLE lk_pred (member_key VARCHAR, cand_nik VARCHAR, "
                    "match_weight DOUBLE, match_probability DOUBLE)")
    with _timed(timings, "decide"):
        chosen = choose_steps(settings=settings, has_decisions=has_decisions)
        steps_run(work, chosen, {}, steps)
        made = links_make(work, settings=settings, timings=steps)
    counts = dict.fromkeys(LINK_METHODS.codes, 0)
    counts.update(dict(con.execute("SELECT method, count(*) FROM links GROUP BY method").fetchall()))
    n_queue = con.execute("SELECT count(*) FROM review_queue").fetchall()[0][0]
    # the working tables go; links and review_queue stay (views first: they read tables)
    steps_drop(work, sorted(prepared + chosen + made, key=lambda s: s.materialize != "view"))
    for t in ("lk_pred", "lk_left_c", "lk_right_c"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    log.info("links: %s; review candidates %d; %s", counts, n_queue, timings)
    return LinkOutcome(counts=counts, review_candidates=n_queue, timings=timings, model=model_state, model_path=path,
                       null_odds=null_odds, steps=steps)
