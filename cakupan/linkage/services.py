"""A link run from the application's side: gather the latest snapshots and reference tables,
run the pipeline (staging -> linkage -> marts), publish the marts.

    outcome = link_run(as_of=date(2023, 2, 27), engine="duckdb")
    outcome.run        # the published CoverageRun
    outcome.result     # cakupan.pipeline.RunResult (counts by method, totals, quality, timings)
"""
from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings as django_settings

from cakupan.errors import UserError

log = logging.getLogger(__name__)

EXPORT_COLUMNS = ["kpj", "person_nik", "method", "match_probability", "reasons"]


@dataclass
class LinkRunOutcome:
    run: object  # CoverageRun
    result: object  # cakupan.pipeline.RunResult
    run_dir: Path
    timings: dict[str, float] = field(default_factory=dict)


def _home() -> Path:
    return Path(django_settings.CAKUPAN_HOME)


def as_of_default() -> date:
    """The newest member snapshot's as-of date."""
    from cakupan.registries.models import Snapshot

    snap = Snapshot.objects.filter(kind=Snapshot.Kind.MEMBERS).order_by("-as_of", "-id").first()
    if snap is None:
        raise UserError(
            "Belum ada snapshot peserta. Impor dulu: cakupan import members FILE --as-of TANGGAL",
            code="link.no_snapshot",
        )
    return snap.as_of


def decisions_export(*, path: Path) -> int:
    """Every clerical review decision as Parquet (member_key, candidate_nik, decision)."""
    from .models import ReviewDecision

    rows = list(ReviewDecision.objects.values_list("member_key", "candidate_nik", "decision"))
    cols = list(zip(*rows)) if rows else ([], [], [])
    tbl = pa.table({n: pa.array(list(c), pa.string()) for n, c in zip(("member_key", "candidate_nik", "decision"), cols)})
    pq.write_table(tbl, path)
    return len(rows)


def occupations_export(*, path: Path, version: int | None = None) -> Path:
    """The occupation mapping (the population snapshot's version, else the current one) as the
    pipeline's CSV (cakupan.registries.occupations writes it)."""
    from cakupan.registries.occupations import occupation_mapping_export
    from cakupan.registries.models import OccupationMappingVersion

    if version is not None and not OccupationMappingVersion.objects.filter(version=version).exists():
        version = None
    return occupation_mapping_export(path=path, version=version)


def areas_export(*, path: Path) -> bool:
    """The loaded areas (kabupaten .. kalurahan) as CSV; False when none are loaded."""
    from cakupan.wilayah.models import Area

    areas = Area.objects.filter(kind__in=["provinsi", "kabupaten", "kapanewon", "kalurahan"]).order_by("code")
    if not areas.exists():
        return False
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "kind", "parent_code"])
        for a in areas:
            w.writerow([a.code, a.name, a.kind, a.parent_id or ""])
    return True


def provisional_export(*, path: Path, as_of: date) -> int:
    """Enrolments registered in cakupan and not yet confirmed by an extract, as Parquet for the
    pipeline (nik, segmen, program, paid_through); returns how many (0 writes nothing)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cakupan.outreach.services import enrolments_provisional
    from cakupan.pipeline.inputs import PROVISIONAL_SCHEMA

    rows = enrolments_provisional(as_of=as_of)
    if rows:
        pq.write_table(pa.Table.from_pylist(rows, schema=PROVISIONAL_SCHEMA), path)
    return len(rows)


def links_export(*, run_dir: Path, path: Path) -> int:
    """One CSV row per member record: kpj, person_nik, method, match_probability, reasons."""
    tbl = pq.read_table(Path(run_dir) / "links.parquet", columns=EXPORT_COLUMNS)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(EXPORT_COLUMNS)
        cols = [tbl[c].to_pylist() for c in EXPORT_COLUMNS]
        for kpj, nik, method, p, reasons in zip(*cols):
            w.writerow([kpj or "", nik or "", method, "" if p is None else f"{p:.6f}", reasons or ""])
    return tbl.num_rows


def link_run(
    *,
    as_of: date | None = None,
    engine: str = "duckdb",
    model: Path | None = None,
    retrain: bool = False,
    truth: Path | None = None,
    export: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> LinkRunOutcome:
    """Run staging -> linkage -> marts over the latest snapshots on/before `as_of` (default: the
    newest member snapshot's as-of), write the run directory, publish it, optionally export."""
    from cakupan.coverage.services import run_publish
    from cakupan.pipeline import PipelineInputs, run_pipeline
    from cakupan.pipeline.linkage import LinkSettings
    from cakupan.registries.selectors import snapshot_path, snapshots_for_run

    notify = on_step or (lambda name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    as_of = as_of or as_of_default()
    snaps = snapshots_for_run(as_of=as_of)
    if snaps.get("members") is None or snaps.get("population") is None:
        which = "peserta" if snaps.get("members") is None else "penduduk"
        raise UserError(
            f"Tidak ada snapshot {which} pada atau sebelum {as_of.isoformat()}. Impor dulu datanya.",
            code="link.no_snapshot",
        )
    if truth and not Path(truth).exists():
        raise UserError(f"Berkas kebenaran (truth) tidak ditemukan: {truth}", code="link.truth_missing")
    home = _home()
    run_dir = home / "runs" / f"{as_of.isoformat()}-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}"
    (run_dir / "inputs").mkdir(parents=True, exist_ok=True)
    notify("inputs")
    decisions_export(path=run_dir / "inputs" / "decisions.parquet")
    occupations_export(path=run_dir / "inputs" / "occupations.csv",
                       version=snaps["population"].occupation_mapping_version)
    extra = {}
    if provisional_export(path=run_dir / "inputs" / "provisional.parquet", as_of=as_of):
        extra["provisional"] = run_dir / "inputs" / "provisional.parquet"
    if areas_export(path=run_dir / "inputs" / "areas.csv"):
        extra["areas"] = run_dir / "inputs" / "areas.csv"
    inputs = PipelineInputs(
        population=snapshot_path(snaps["population"]),
        members=snapshot_path(snaps["members"]),
        as_of=as_of,
        occupations=run_dir / "inputs" / "occupations.csv",
        rosters={kind: snapshot_path(s) for kind, s in snaps.get("rosters", {}).items()},
        decisions=run_dir / "inputs" / "decisions.parquet",
        truth=Path(truth) if truth else None,
        **extra,
    )
    settings = LinkSettings(model_path=Path(model) if model else home / "models" / "linkage.json", retrain=retrain)
    Path(settings.model_path).parent.mkdir(parents=True, exist_ok=True)
    timings["inputs"] = round(time.perf_counter() - t0, 3)

    t0 = time.perf_counter()
    result = run_pipeline(inputs, engine=engine, out_dir=run_dir, settings=settings, on_step=notify)
    timings["pipeline"] = round(time.perf_counter() - t0, 3)
    if export:
        t0 = time.perf_counter()
        links_export(run_dir=run_dir, path=Path(export))
        timings["export"] = round(time.perf_counter() - t0, 3)
    notify("publish")
    t0 = time.perf_counter()
    run = run_publish(
        run_dir=run_dir, as_of=as_of, engine=result.engine, population_snapshot=snaps["population"],
        member_snapshot=snaps["members"], summary={**result.as_dict(), "service_timings": timings}, home=home,
    )
    timings["publish"] = round(time.perf_counter() - t0, 3)
    from cakupan.outreach.services import enrolments_confirm

    timings["enrolments_confirmed"] = enrolments_confirm(run=run)
    log.info("link run %s as of %s published in %s", run.pk, as_of, timings)
    return LinkRunOutcome(run=run, result=result, run_dir=run_dir, timings=timings)
