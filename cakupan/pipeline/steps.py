"""Named SQL steps and the checks that run after each (no Django here).

A step is data: a name (the table it creates), its grain in words, one SELECT in the common
subset of DuckDB and Spark SQL, and checks. Placeholders in the SQL (``{as_of}``,
``{months_behind}``) are filled from a context the engine helps build, so dialect differences
stay in `cakupan.pipeline.engine`.

    Step("coverage", "one row per padukuhan x ecosystem x segment x sex x age band",
         "SELECT ...", checks=(Unique("padukuhan_code", "ecosystem", ...),))

The marts (`marts.py`) are module-level steps filled from a context; the linkage
(`linkage/prepare.py`, `predict.py`, `decide.py`) builds its steps from its settings, with the
SQL complete (no placeholders: run with an empty context).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Engine

log = logging.getLogger(__name__)


class PipelineCheckError(RuntimeError):
    """A step's output broke its stated grain or lost rows; the run stops here."""

    def __init__(self, step: str, check: str, violations: int):
        super().__init__(f"step {step}: check {check} failed ({violations} violating rows)")
        self.step, self.check, self.violations = step, check, violations


@dataclass(frozen=True)
class Unique:
    """The grain: no two rows share these columns."""

    columns: tuple[str, ...]
    # `via`: the step is `via` LEFT JOINed to tables unique on their join keys, and `via` is checked
    # unique on the same columns; then a duplicate can only come from a fan-out, which adds rows,
    # so equal row counts prove the grain (a count(DISTINCT) over a million NIKs cost 0.12 s).
    via: str | None = None

    def __init__(self, *columns: str, via: str | None = None):
        object.__setattr__(self, "columns", tuple(columns))
        object.__setattr__(self, "via", via)

    @property
    def label(self) -> str:
        return f"unique({', '.join(self.columns)})"

    def sql(self, table: str) -> str:
        cols = ", ".join(self.columns)
        if self.via:
            return f"SELECT abs((SELECT count(*) FROM {table}) - (SELECT count(*) FROM {self.via}))"
        if len(self.columns) == 1:  # one hash aggregate, no intermediate groups (NULLs: see NotNull)
            return f"SELECT count({cols}) - count(DISTINCT {cols}) FROM {table}"
        return f"SELECT count(*) FROM (SELECT {cols} FROM {table} GROUP BY {cols} HAVING count(*) > 1) dup"


@dataclass(frozen=True)
class NotNull:
    columns: tuple[str, ...]

    def __init__(self, *columns: str):
        object.__setattr__(self, "columns", tuple(columns))

    @property
    def label(self) -> str:
        return f"not_null({', '.join(self.columns)})"

    def sql(self, table: str) -> str:
        cond = " OR ".join(f"{c} IS NULL" for c in self.columns)
        return f"SELECT count(*) FROM {table} WHERE {cond}"


@dataclass(frozen=True)
class AcceptedValues:
    column: str
    values: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"accepted_values({self.column})"

    def sql(self, table: str) -> str:
        vals = ", ".join("'" + v.replace("'", "''") + "'" for v in self.values)
        return f"SELECT count(*) FROM {table} WHERE {self.column} IS NULL OR {self.column} NOT IN ({vals})"


@dataclass(frozen=True)
class Accounted:
    """Rows accounted for: two scalar queries must agree (e.g. one output row per input row).
    ``{t}`` in either query is replaced by the step's table."""

    name: str
    this: str
    other: str

    @property
    def label(self) -> str:
        return f"rows_accounted({self.name})"

    def sql(self, table: str) -> str:
        return f"SELECT abs(({self.this.replace('{t}', table)}) - ({self.other.replace('{t}', table)}))"


Check = Unique | NotNull | AcceptedValues | Accounted


@dataclass(frozen=True)
class Step:
    name: str
    grain: str
    sql: str
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # "table" (in the engine), "view" (staging: no copy; rename/cast happen on read), "file"
    # (written straight to <out_dir>/<name>.parquet and read back from there: the big marts) or
    # "given" (made by the caller from Python values, `sql` with its parameters: only checked here)
    materialize: str = "table"

    def render(self, ctx: dict[str, str]) -> str:
        return self.sql.format(**ctx) if ctx else self.sql


def check_table(engine: Engine, name: str, checks: tuple[Check, ...]) -> None:
    """Run the checks on a table; raise PipelineCheckError on the first one that fails."""
    for check in checks:
        violations = int(engine.scalar(check.sql(name)) or 0)
        if violations:
            raise PipelineCheckError(name, check.label, violations)


def step_run(
    engine: Engine, step: Step, ctx: dict[str, str], timings: dict[str, float], out_dir: Path | None = None
) -> None:
    """Create the step's table, then check it. Timing (create + checks) goes into `timings`."""
    t0 = time.perf_counter()
    if step.materialize == "given":
        pass
    elif step.materialize == "view":
        engine.create_view(step.name, step.render(ctx))
    elif step.materialize == "file" and out_dir is not None:
        engine.create_file(step.name, step.render(ctx), Path(out_dir) / f"{step.name}.parquet")
    else:
        engine.create(step.name, step.render(ctx))
    check_table(engine, step.name, step.checks)
    # a step run again (the linkage's per-chunk steps) adds up
    timings[step.name] = round(timings.get(step.name, 0.0) + time.perf_counter() - t0, 4)
    log.debug("step %s (%s) in %.3f s", step.name, step.grain, timings[step.name])


def steps_run(
    engine: Engine, steps: list[Step], ctx: dict[str, str], timings: dict[str, float], out_dir: Path | None = None
) -> None:
    for step in steps:
        step_run(engine, step, ctx, timings, out_dir)


def steps_drop(engine: Engine, steps: list[Step], keep: tuple[str, ...] = ()) -> None:
    """Drop the working tables and views of `steps` (a step run's intermediate results), but `keep`."""
    for step in steps:
        if step.name not in keep:
            engine.drop(step.name, view=step.materialize == "view")
