"""One pipeline run: staging -> linkage -> marts, written to a run directory as Parquet.

    result = run_pipeline(inputs, engine="duckdb", out_dir=Path("runs/2023-02-27"), settings=LinkSettings())
    result.totals   # {"workforce": 457718, "active": 115463, "nonactive": ...}

Outputs (docs/contracts.md "Pipeline"): links.parquet, review.parquet, person_status.parquet,
coverage.parquet, roster_status.parquet (compliance), quality.json (the run's summary, with the
linkage settings that produced it). The same step SQL runs on DuckDB and on Spark.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cakupan.core.vocab import LINK_METHODS

from .engine import Engine, engine_make
from .inputs import PipelineInputs, inputs_register
from .compliance import ROSTER_STATUS
from .marts import LINK_CHECKS, MARTS, mart_context
from .staging import STAGING
from .steps import check_table, steps_run

log = logging.getLogger(__name__)

OUTPUTS = {
    "links": "links",
    "review": "review_queue",
    "person_status": "person_status",
    "coverage": "coverage",
    "roster_status": "roster_status",
}
STEPS_MARTS = [*MARTS, ROSTER_STATUS]  # roster_status: the compliance mart (cakupan/pipeline/compliance.py)


@dataclass
class RunResult:
    out_dir: Path
    engine: str
    as_of: str
    counts: dict[str, int]  # member records by link method, plus review_queue rows
    totals: dict[str, int]  # workforce, active, nonactive, population, members
    quality: dict | None
    timings: dict[str, float] = field(default_factory=dict)
    link: dict = field(default_factory=dict)  # the linker's own report (model, phase timings)
    link_settings: dict = field(default_factory=dict)  # the LinkSettings used (thresholds, model path)

    @property
    def pct(self) -> float:
        w = self.totals.get("workforce", 0)
        return round(100.0 * self.totals.get("active", 0) / w, 2) if w else 0.0

    def as_dict(self) -> dict:
        return {
            "engine": self.engine, "as_of": self.as_of, "counts": self.counts, "totals": self.totals,
            "pct": self.pct, "quality": self.quality, "timings": self.timings,
            "link": self.link, "link_settings": self.link_settings,
        }


Linker = Callable[..., object]


def _default_linker(engine: Engine, *, settings) -> object:
    """One kabupaten: the linkage over everything; more (a province, a national register): kabupaten
    by kabupaten (`partition.py`)."""
    from cakupan.pipeline.linkage import link_members

    from .partition import PART_LEN, link_partitioned

    n = engine.scalar(f"SELECT count(DISTINCT left(kode_wilayah, {PART_LEN})) FROM stg_population")
    if n > 1:
        return link_partitioned(engine, settings=settings)
    return link_members(engine, settings=settings)


def _default_quality(engine: Engine, *, truth_path: Path) -> dict:
    from cakupan.pipeline.linkage import link_quality

    return link_quality(engine, truth_path=truth_path)


def run_pipeline(
    inputs: PipelineInputs,
    *,
    engine: str | Engine = "duckdb",
    out_dir: Path,
    settings=None,
    linker: Linker | None = None,
    quality: Callable[..., dict] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> RunResult:
    """Run every step on `engine` (a name or an Engine to reuse) and write the marts.

    `linker(engine, settings=...)` creates `links` and `review_queue`; by default
    `cakupan.pipeline.linkage.link_members`. A failed check raises PipelineCheckError.
    """
    from cakupan.pipeline.linkage.settings import LinkSettings

    settings = settings if settings is not None else LinkSettings()
    eng = engine if isinstance(engine, Engine) else engine_make(engine)
    own = not isinstance(engine, Engine)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    notify = on_step or (lambda name: None)
    t_all = time.perf_counter()
    try:
        t0 = time.perf_counter()
        inputs_register(eng, inputs)
        timings["register"] = round(time.perf_counter() - t0, 4)
        notify("staging")
        steps_run(eng, STAGING, {}, timings)

        notify("linkage")
        t0 = time.perf_counter()
        outcome = (linker or _default_linker)(eng, settings=settings)
        for table, checks in LINK_CHECKS.items():
            check_table(eng, table, checks)
        timings["linkage"] = round(time.perf_counter() - t0, 4)

        notify("marts")
        steps_run(eng, STEPS_MARTS, mart_context(eng, as_of=inputs.as_of.isoformat()), timings, out_dir)

        notify("write")
        t0 = time.perf_counter()
        written = {s.name for s in STEPS_MARTS if s.materialize == "file"}
        for out, table in OUTPUTS.items():
            if table not in written:  # unordered: sorting 1 M rows costs more than the run
                eng.write_parquet(table, out_dir / f"{out}.parquet")
        counts, totals = _summaries(eng)
        qual = None
        if inputs.truth is not None and Path(inputs.truth).exists():
            qual = (quality or _default_quality)(eng, truth_path=Path(inputs.truth))
        timings["write"] = round(time.perf_counter() - t0, 4)
        timings["total"] = round(time.perf_counter() - t_all, 4)
        result = RunResult(out_dir, eng.kind, inputs.as_of.isoformat(), counts, totals, qual, timings)
        result.link = _outcome_dict(outcome)
        result.link_settings = settings.recorded() if hasattr(settings, "recorded") else {}
        (out_dir / "quality.json").write_text(json.dumps(result.as_dict(), indent=2, default=str))
        log.info("pipeline %s as of %s: %s in %.2f s", eng.kind, result.as_of, totals, timings["total"])
        return result
    finally:
        if own:
            eng.close()


def _outcome_dict(outcome) -> dict:
    if outcome is None:
        return {}
    return {
        "model": str(getattr(outcome, "model", "")),
        "model_path": str(getattr(outcome, "model_path", "") or ""),
        "timings": dict(getattr(outcome, "timings", {}) or {}),
        "null_odds": getattr(outcome, "null_odds", None),
        "steps": dict(getattr(outcome, "steps", {}) or {}),
    }


def _summaries(eng: Engine) -> tuple[dict[str, int], dict[str, int]]:
    by_method = dict(eng.rows("SELECT method, count(*) FROM links GROUP BY method"))
    counts = {m: int(by_method.get(m, 0)) for m in LINK_METHODS.codes}
    counts["review_queue"] = int(eng.rows("SELECT count(*) FROM review_queue")[0][0])
    row = eng.rows(
        "SELECT count(*),"
        " sum(CASE WHEN excluded_reason IS NULL THEN 1 ELSE 0 END),"
        " sum(CASE WHEN excluded_reason IS NULL AND status = 'active' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN excluded_reason IS NULL AND status = 'nonactive' THEN 1 ELSE 0 END)"
        " FROM person_status"
    )[0]
    members = eng.rows("SELECT count(*) FROM stg_members")[0][0]
    totals = {
        "population": int(row[0] or 0), "workforce": int(row[1] or 0), "active": int(row[2] or 0),
        "nonactive": int(row[3] or 0), "members": int(members or 0),
    }
    return counts, totals
