"""Region-partitioned linkage: a province-wide or national run links kabupaten by kabupaten.

Blocking is regional (the model's candidates share a kalurahan, a kapanewon or a NIK neighbourhood),
so linking each kabupaten's residents on their own loses almost nothing and bounds the linkage's
memory by the largest kabupaten instead of the whole register. `run_pipeline` uses it when the
population spans more than one kabupaten (or when `LinkSettings.partition` says so).

    outcome = link_partitioned(engine, settings=settings)   # creates links and review_queue

1. **Route** (`lk_route`): each member record goes to the kabupaten of the person holding its NIK
   (an exact NIK match, wherever the card was registered), of its own address, and of its NIK's
   prefix — the distinct ones that are in the run; most records have one. A record with none of
   them (a NIK and an address from outside the run's region) is decided `none`, "di luar wilayah".
2. **Link** each kabupaten with the ordinary linker (`link_members`) on its residents and the
   records routed to it; the model is trained once (on the largest kabupaten, or loaded) and the
   same model scores every kabupaten.
3. **Reconcile** a record linked in two kabupaten: a link beats the review band, the review band
   beats no link, and among links the higher probability wins; the review rows kept are the
   chosen kabupaten's. One row per member record in `links`, as in one run.
"""
from __future__ import annotations

import dataclasses
import logging
import tempfile
import time
from pathlib import Path

from cakupan.core.vocab import LINK_METHODS

from .engine import Engine

log = logging.getLogger(__name__)

PART_LEN = 5  # "34.02": the kabupaten/kota part of a kode_wilayah
OUTSIDE_REASON = "di luar wilayah run: NIK dan alamat bukan dari kabupaten/kota yang dihitung"
_LINK_COLS = "member_key, kpj, person_nik, method, match_probability, reasons"


def _nik_part(col: str) -> str:
    """The kabupaten code ("34.02") of a 16-digit NIK's prefix, else NULL."""
    return (f"CASE WHEN length({col}) = 16 THEN substr({col}, 1, 2) || '.' || substr({col}, 3, 2) END")


def partitions(engine: Engine) -> list[tuple[str, int]]:
    """(kabupaten code, residents) of the run's population, largest first."""
    return [(str(p), int(n)) for p, n in engine.rows(
        f"SELECT left(kode_wilayah, {PART_LEN}) AS p, count(*) AS n FROM stg_population "
        "WHERE kode_wilayah IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")]


def route_members(engine: Engine) -> None:
    """`lk_route` (member_key, part): the kabupaten each member record is linked in."""
    engine.create("lk_parts", f"SELECT DISTINCT left(kode_wilayah, {PART_LEN}) AS part FROM stg_population "
                              "WHERE kode_wilayah IS NOT NULL")
    engine.create("lk_route", f"""SELECT DISTINCT r.member_key, r.part FROM (
          SELECT m.member_key, left(p.kode_wilayah, {PART_LEN}) AS part
            FROM stg_members m JOIN stg_population p ON p.nik = m.nik
          UNION ALL SELECT member_key, left(kode_wilayah, {PART_LEN}) FROM stg_members
          UNION ALL SELECT member_key, {_nik_part('trim(nik)')} FROM stg_members
        ) r JOIN lk_parts USING (part)""")


def _inputs_by_part(engine: Engine, tmp: Path, inputs: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The linkage's inputs once, with their kabupaten (`part`), sorted by it into Parquet: each
    kabupaten then reads only its own row groups instead of staging the whole register again."""
    members = f"""SELECT m.*, r.part FROM ({inputs['lk_in_members']}) m JOIN lk_route r USING (member_key)
        ORDER BY r.part"""
    population = f"""SELECT p.*, left(p.kode_wilayah, {PART_LEN}) AS part FROM ({inputs['lk_in_population']}) p
        WHERE p.kode_wilayah IS NOT NULL ORDER BY part"""
    out = {}
    for name, sql in (("lk_in_members", members), ("lk_in_population", population)):
        engine.create_file(f"lk_parted_{name}", sql, tmp / f"{name}.parquet")
        cols = [c for c in engine.arrow(f"SELECT * FROM lk_parted_{name} LIMIT 0").column_names if c != "part"]
        out[name] = (f"lk_parted_{name}", ", ".join(cols))
    return out


def link_partitioned(engine: Engine, *, settings):
    """`links` and `review_queue` in `engine`, kabupaten by kabupaten (module docstring)."""
    from cakupan.pipeline.linkage.run import DECISIONS_INPUT, link_inputs, link_work
    from cakupan.pipeline.linkage.settings import LinkOutcome

    t0 = time.perf_counter()
    parts = partitions(engine)
    if not parts:  # nobody has an area: nothing to partition by
        from cakupan.pipeline.linkage import link_members

        return link_members(engine, settings=settings)
    route_members(engine)
    has_decisions = engine.has_table("review_decisions")
    timings: dict[str, float] = {"route": round(time.perf_counter() - t0, 3)}
    steps: dict[str, float] = {}
    model_state, null_odds = "none", None
    with tempfile.TemporaryDirectory(prefix="cakupan-partition-") as tmp:
        t1 = time.perf_counter()
        parted = _inputs_by_part(engine, Path(tmp), link_inputs(engine))
        timings["split"] = round(time.perf_counter() - t1, 3)
        own = settings.model_path is None
        shared = dataclasses.replace(settings, model_path=Path(tmp) / "model.json") if own else settings
        for i, (part, _) in enumerate(parts):
            t1 = time.perf_counter()
            pull = {name: f"SELECT {cols} FROM {table} WHERE part = '{part}'" for name, (table, cols) in parted.items()}
            pull.update(DECISIONS_INPUT if has_decisions else {})
            # the first (largest) kabupaten trains the model unless one is given; the rest load it
            this = shared if i or not own else dataclasses.replace(shared, retrain=True)
            for view, sql in pull.items():  # on the engine itself: on Spark, on the executors
                engine.create_view(view, sql)
            try:
                outcome = link_work(engine, settings=this, has_decisions=has_decisions)
            finally:
                for view in pull:
                    engine.drop(view, view=True)
            if i == 0:
                model_state, null_odds = outcome.model, outcome.null_odds
            for name, seconds in outcome.steps.items():
                steps[name] = round(steps.get(name, 0.0) + seconds, 3)
            engine.create(f"lk_links_p{i}", f"SELECT '{part}' AS part, {_LINK_COLS} FROM links")
            engine.create(f"lk_review_p{i}", f"SELECT '{part}' AS part, q.* FROM review_queue q")
            timings[f"part_{part}"] = round(time.perf_counter() - t1, 3)
        for table, _ in parted.values():  # they read files about to go
            engine.drop(table, view=True)
    t1 = time.perf_counter()
    reconcile(engine, n_parts=len(parts))
    timings["reconcile"] = round(time.perf_counter() - t1, 3)
    counts = dict.fromkeys(LINK_METHODS.codes, 0)
    counts.update({m: int(n) for m, n in engine.rows("SELECT method, count(*) FROM links GROUP BY method")})
    n_queue = int(engine.scalar("SELECT count(*) FROM review_queue"))
    log.info("partitioned links over %d kabupaten: %s; review %d; %s", len(parts), counts, n_queue, timings)
    return LinkOutcome(counts=counts, review_candidates=n_queue, timings=timings, model=model_state,
                       model_path=settings.model_path, null_odds=null_odds, steps=steps)


def reconcile(engine: Engine, *, n_parts: int) -> None:
    """`links` (one row per member record) and `review_queue` from the kabupaten's own."""
    engine.create("lk_links_all", " UNION ALL ".join(f"SELECT * FROM lk_links_p{i}" for i in range(n_parts)))
    engine.create("lk_links_chosen", f"""SELECT part, {_LINK_COLS} FROM (
          SELECT l.*, row_number() OVER (PARTITION BY member_key ORDER BY
            CASE WHEN method IN ('exact', 'exact-flagged', 'probabilistic') THEN 0 WHEN method = 'review' THEN 1
                 ELSE 2 END, coalesce(match_probability, 0) DESC, part) AS rk
          FROM lk_links_all l) t WHERE rk = 1""")
    engine.create("links", f"""SELECT {_LINK_COLS} FROM lk_links_chosen
        UNION ALL SELECT m.member_key, m.kpj, CAST(NULL AS VARCHAR) AS person_nik, 'none' AS method,
          CAST(NULL AS DOUBLE) AS match_probability, '{OUTSIDE_REASON}' AS reasons
        FROM stg_members m LEFT JOIN lk_route r ON r.member_key = m.member_key WHERE r.member_key IS NULL""")
    engine.create("lk_review_all", " UNION ALL ".join(f"SELECT * FROM lk_review_p{i}" for i in range(n_parts)))
    cols = [c for c in engine.arrow("SELECT * FROM lk_review_all LIMIT 0").column_names if c != "part"]
    engine.create("review_queue", f"""SELECT {', '.join('q.' + c for c in cols)} FROM lk_review_all q
        JOIN lk_links_chosen c ON c.member_key = q.member_key AND c.part = q.part""")
    for i in range(n_parts):
        engine.drop(f"lk_links_p{i}")
        engine.drop(f"lk_review_p{i}")
    for t in ("lk_links_all", "lk_review_all", "lk_links_chosen"):
        engine.drop(t)
