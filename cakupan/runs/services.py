"""The run orchestrator: one entry point for a coverage run, whoever starts it (the CLI `cakupan
link`, the demo, later the browser and a scheduler).

    outcome = run_execute(as_of=date(2023, 2, 27), engine="duckdb")
    outcome.run        # the published CoverageRun (DONE)
    outcome.result     # cakupan.pipeline.RunResult (counts by method, totals, quality, timings)
    outcome.run_dir, outcome.timings

It gathers the inputs (each owner exports its own: cakupan.runs.inputs), runs the pipeline
(staging -> linkage -> marts) into a run directory, then lets each owner publish its own tables in
ONE transaction (run_publish): coverage its facts, persons and history; linkage its review items and
member links; compliance its roster status. The run record stays coverage's CoverageRun, because
every published table points to it (a FK), and moves STARTED -> DONE | FAILED through
cakupan.coverage.services (run_start / run_finish / run_fail).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings as django_settings
from django.db import transaction

from cakupan.accounts.scope import audit_record
from cakupan.core.locks import home_lock
from cakupan.core.vocab import EXPORT_PURPOSES
from cakupan.core.processes import pause_point
from cakupan.compliance.services import roster_status_publish
from cakupan.coverage.models import CoverageRun
from cakupan.coverage.services import coverage_publish, run_fail, run_finish, run_start
from cakupan.errors import UserError
from cakupan.linkage.services import links_export, links_publish, review_items_publish

from .inputs import as_of_default, inputs_gather, run_snapshots

log = logging.getLogger(__name__)

REQUIRED = ("coverage", "person_status", "review")  # marts a publishable run directory must hold


@dataclass
class RunOutcome:
    run: CoverageRun
    result: object  # cakupan.pipeline.RunResult
    run_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)  # runs.checks: what the figures may miss


def _home() -> Path:
    return Path(django_settings.CAKUPAN_HOME)


def run_execute(
    *,
    as_of: date | None = None,
    engine: str = "duckdb",
    model: Path | None = None,
    retrain: bool = False,
    truth: Path | None = None,
    export: Path | None = None,
    export_purpose: str = "",
    on_step: Callable[[str], None] | None = None,
    user=None,
    backfill: bool = False,
) -> RunOutcome:
    """Run staging -> linkage -> marts over the latest snapshots on/before `as_of` (default: the
    newest member snapshot's as-of), write the run directory, publish it, optionally export the
    links CSV (personal data: `export_purpose`, one of core.vocab.EXPORT_PURPOSES, is required with it
    and audited), then confirm the provisional enrolments the run shows active. `backfill`: an
    earlier month filled in on purpose (cakupan.runs.backfill), not warned as out of order. Holds
    home_lock("files") shared throughout, so the startup sweep never takes its folder for a dead
    run's."""
    if export is not None and export_purpose not in EXPORT_PURPOSES:  # before any work is done
        raise UserError(f"--export berisi data pribadi: sebutkan tujuannya dengan --tujuan "
                        f"({', '.join(EXPORT_PURPOSES.codes)}).", code="export.purpose")
    with home_lock("files", shared=True):
        return _run_execute(as_of=as_of, engine=engine, model=model, retrain=retrain, truth=truth, export=export,
                            export_purpose=export_purpose, on_step=on_step, user=user, backfill=backfill)


def _run_execute(
    *,
    as_of: date | None = None,
    engine: str = "duckdb",
    model: Path | None = None,
    retrain: bool = False,
    truth: Path | None = None,
    export: Path | None = None,
    export_purpose: str = "",
    on_step: Callable[[str], None] | None = None,
    user=None,
    backfill: bool = False,
) -> RunOutcome:
    """run_execute, holding the lock."""
    from cakupan.outreach.services import enrolments_confirm
    from cakupan.pipeline import run_pipeline
    from cakupan.pipeline.linkage import LinkSettings

    notify = on_step or (lambda name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    as_of = as_of or as_of_default()
    snaps = run_snapshots(as_of=as_of)
    if truth and not Path(truth).exists():
        raise UserError(f"Berkas kebenaran (truth) tidak ditemukan: {truth}", code="link.truth_missing")
    home = _home()
    run_dir = home / "runs" / f"{as_of.isoformat()}-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}"
    (run_dir / "inputs").mkdir(parents=True, exist_ok=True)
    notify("inputs")
    inputs = inputs_gather(run_dir=run_dir, as_of=as_of, snaps=snaps, truth=truth)
    settings = LinkSettings(model_path=Path(model) if model else home / "models" / "linkage.json", retrain=retrain)
    Path(settings.model_path).parent.mkdir(parents=True, exist_ok=True)
    timings["inputs"] = round(time.perf_counter() - t0, 3)

    t0 = time.perf_counter()
    result = run_pipeline(inputs, engine=engine, out_dir=run_dir, settings=settings, on_step=notify)
    timings["pipeline"] = round(time.perf_counter() - t0, 3)
    if export:
        t0 = time.perf_counter()
        n_exported = links_export(run_dir=run_dir, path=Path(export))
        timings["export"] = round(time.perf_counter() - t0, 3)
    from cakupan.coverage.selectors import run_latest

    from .checks import run_checks

    last = run_latest()
    # a backfilled month is before the last published one on purpose: no warning for that
    warnings = run_checks(as_of=as_of, snaps=snaps, run_dir=run_dir,
                          last_published=last.as_of if last and not backfill else None)
    notify("publish")
    t0 = time.perf_counter()
    summary = {**result.as_dict(), "service_timings": timings,  # timings: filled in further below
               "warnings": warnings}
    if user is not None:
        summary["by"] = getattr(user, "username", str(user))
    run = run_publish(
        run_dir=run_dir, as_of=as_of, engine=result.engine, population_snapshot=snaps["population"],
        member_snapshot=snaps["members"], summary=summary, home=home,
    )
    timings["publish"] = round(time.perf_counter() - t0, 3)
    timings["enrolments_confirmed"] = enrolments_confirm(run=run)
    if export:
        audit_record(user=user, action="export_persons", scope="semua wilayah", rows=n_exported,
                     detail={"run": run.pk, "file": Path(export).name, "format": "csv", "purpose": export_purpose,
                             "via": "link --export"})
    if not backfill and CoverageRun.objects.filter(status=CoverageRun.Status.DONE, as_of__gt=as_of).exists():
        # an earlier month published after later ones: the later months' flows are recounted
        from cakupan.coverage.services import flows_refresh

        t0 = time.perf_counter()
        flows_refresh()
        timings["flows_refresh"] = round(time.perf_counter() - t0, 3)
    log.info("run %s as of %s published in %s", run.pk, as_of, timings)
    return RunOutcome(run=run, result=result, run_dir=run_dir, timings=timings, warnings=warnings)


def run_publish(
    *,
    run_dir: Path,
    as_of: date,
    engine: str,
    population_snapshot=None,
    member_snapshot=None,
    summary: dict,
    home: Path | None = None,
) -> CoverageRun:
    """Load a pipeline run directory into the app DB: the run record STARTED, then every owner's
    tables in one transaction and the record DONE; on failure the record is marked FAILED (nothing
    else of the run stays) and the error re-raised."""
    run_dir = Path(run_dir)
    missing = [n for n in REQUIRED if not (run_dir / f"{n}.parquet").exists()]
    if missing:
        raise UserError(f"Hasil proses tidak lengkap di {run_dir}: {', '.join(missing)}", code="run.incomplete")
    run = run_start(run_dir=run_dir, as_of=as_of, engine=engine, population_snapshot=population_snapshot,
                    member_snapshot=member_snapshot, summary=summary, home=home)
    try:
        with transaction.atomic():
            counts = coverage_publish(run=run, run_dir=run_dir)
            n_review = review_items_publish(run=run, path=run_dir / "review.parquet")
            n_roster = roster_status_publish(run=run, path=run_dir / "roster_status.parquet")
            n_links = links_publish(run=run, path=run_dir / "links.parquet")
            pause_point("run-publishing")  # crash tests: STARTED, the publish transaction open
            run_finish(run=run, summary={**summary, "published": {**counts, "review": n_review}})
    except Exception as exc:
        run_fail(run=run, reason=f"{type(exc).__name__}: {exc}")
        raise
    log.info("published run %s (as of %s): %s, %s review items, %s roster rows, %s links",
             run.pk, as_of, counts, n_review, n_roster, n_links)
    return run
