"""`link_members`: the linkage step of the pipeline (exact NIK with a check, then Splink).

The linkage is a sequence of named steps, each with its grain and checks (`pipeline/steps.py`):
`prepare.py` (names, the exact match and its check, what is left to link), `predict.py` with
`score.py` (the saved model compiled to SQL, probabilities among each member's candidates) and
`decide.py` (choice, reasons, `links`, `review_queue`). Training (`model.py`) is Splink's own.

The steps run on the pipeline's engine itself, DuckDB or Spark: SQL in the common subset, the
differences asked of the engine (`engine.anti_join`, `regexp_full_match_sql`, `row_id_sql`, ...;
`jaro_winkler_similarity` and `hamming` are functions on both — SQL functions SparkEngine defines
at start). On Spark, blocking, scoring and decisions run on the executors, the reasons too (Python
there: `Engine.create_mapped`); nothing the size of the population comes to the driver. Training
pulls samples of a fixed size into a DuckDB for Splink (`model.model_train`). Both engines give the
same links for the same model (Jaro-Winkler to 1 ulp: `SparkEngine`; tested in local-cluster mode).
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
from .model import model_matches, model_train
from .predict import predict_all
from .prepare import prepare_steps
from .settings import LinkOutcome, LinkSettings

log = logging.getLogger(__name__)

# what the linkage reads from the pipeline's engine (views on it)
LINK_INPUTS = {
    "lk_in_members": "SELECT member_key, kpj, nik, nik_error, nama, tanggal_lahir, jenis_kelamin, kode_wilayah "
                     "FROM stg_members",
    "lk_in_population": "SELECT nik, nama, tanggal_lahir, jenis_kelamin, kode_wilayah, {no_kk} FROM stg_population",
}
DECISIONS_INPUT = {"lk_in_decisions": "SELECT member_key, candidate_nik, decision FROM review_decisions"}
LINK_OUTPUTS = ("links", "review_queue")


def link_inputs(engine) -> dict[str, str]:
    """LINK_INPUTS for `engine`'s stg_population: the family card finds twins (lk_twins); a
    population without one (some test fixtures) has none."""
    no_kk = "no_kk" if "no_kk" in engine.columns("stg_population") else "CAST(NULL AS STRING) AS no_kk"
    return {view: sql.replace("{no_kk}", no_kk) for view, sql in LINK_INPUTS.items()}


@contextmanager
def _timed(timings: dict, phase: str):
    t0 = time.perf_counter()
    yield
    timings[phase] = round(timings.get(phase, 0.0) + time.perf_counter() - t0, 3)


def link_members(engine, *, settings: LinkSettings) -> LinkOutcome:
    """Create `links` and `review_queue` in `engine` from `stg_population`, `stg_members` (and
    `review_decisions` when present). Returns counts per method, timings and the model's origin."""
    has_decisions = engine.has_table("review_decisions")
    inputs = {**link_inputs(engine), **(DECISIONS_INPUT if has_decisions else {})}
    for view, sql in inputs.items():
        engine.create_view(view, sql)
    try:
        return link_work(engine, settings=settings, has_decisions=has_decisions)
    finally:
        for view in inputs:
            engine.drop(view, view=True)


def link_work(work, *, settings: LinkSettings, has_decisions: bool) -> LinkOutcome:
    """The linkage on an engine that holds LINK_INPUTS (and DECISIONS_INPUT)."""
    timings: dict[str, float] = {}
    steps: dict[str, float] = {}   # step -> seconds (create + checks)
    with _timed(timings, "exact"):
        prepared = prepare_steps(work, flag_name_jw=settings.flag_name_jw, twin_margin=settings.twin_name_margin,
                                 has_decisions=has_decisions)
        steps_run(work, prepared, {}, steps)
    n_left = work.scalar("SELECT count(*) FROM lk_left")
    model_state, model, null_odds = "none", None, None
    path = settings.model_path
    if n_left:
        with _timed(timings, "train"):
            saved = json.loads(path.read_text()) if path is not None and path.exists() and not settings.retrain else None
            if saved is not None and model_matches(saved, settings):
                model, model_state = saved, "loaded"
            else:
                if saved is not None:
                    log.info("saved model %s was made for other comparisons or blocking rules: trained again", path)
                left, right = training_tables(work, settings, steps)
                model, model_state = model_train(work, left=left, right=right, settings=settings, path=path), "trained"
        with _timed(timings, "predict"):
            null_odds = predict_all(work, settings=settings, model=model, timings=steps)
    else:
        work.create("lk_pred", "SELECT CAST(NULL AS STRING) AS member_key, CAST(NULL AS STRING) AS cand_nik, "
                               "CAST(NULL AS DOUBLE) AS match_weight, CAST(NULL AS DOUBLE) AS match_probability WHERE false")
    with _timed(timings, "decide"):
        chosen = choose_steps(work, settings=settings, has_decisions=has_decisions)
        steps_run(work, chosen, {}, steps)
        made = links_make(work, settings=settings, timings=steps)
    counts = dict.fromkeys(LINK_METHODS.codes, 0)
    counts.update({m: int(n) for m, n in work.rows("SELECT method, count(*) FROM links GROUP BY method")})
    n_queue = work.scalar("SELECT count(*) FROM review_queue")
    # the working tables go; links and review_queue stay (views first: they read tables)
    steps_drop(work, sorted(prepared + chosen + made, key=lambda s: s.materialize != "view"))
    for t in ("lk_pred", "lk_left_c", "lk_right_c"):
        work.drop(t)
    log.info("links: %s; review candidates %d; %s", counts, n_queue, timings)
    return LinkOutcome(counts=counts, review_candidates=n_queue, timings=timings, model=model_state, model_path=path,
                       null_odds=null_odds, steps=steps)
