"""What a run reads, gathered from each owner's export into `<run_dir>/inputs/`: snapshots and the
occupation mapping from registries, areas from wilayah, review decisions from linkage, provisional
enrolments from outreach, tombstones and rectified values from privacy (data subjects' requests).

    snaps = run_snapshots(as_of=date(2023, 2, 27))          # UserError when none on/before the date
    inputs = inputs_gather(run_dir=run_dir, as_of=date(2023, 2, 27), snaps=snaps, truth=None)
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from cakupan.core.formatting import angka
from cakupan.core.vocab import ROSTER_KINDS
from cakupan.errors import UserError
from cakupan.linkage.services import decisions_export
from cakupan.outreach.services import enrolments_provisional_export
from cakupan.pipeline import PipelineInputs
from cakupan.privacy.services import overrides_export, tombstones_export
from cakupan.registries.selectors import (
    occupations_export,
    snapshot_for_run,
    snapshot_latest,
    snapshot_path,
    snapshots_for_run,
)
from cakupan.wilayah.exports import areas_export


def as_of_default() -> date:
    """The newest member snapshot's as-of date."""
    snap = snapshot_latest(kind="members")
    if snap is None:
        raise UserError(
            "Belum ada snapshot peserta. Impor dulu: cakupan import members FILE --as-of TANGGAL",
            code="link.no_snapshot",
        )
    return snap.as_of


def run_snapshots(*, as_of: date) -> dict:
    """registries' snapshots_for_run, requiring a member and a population snapshot."""
    snaps = snapshots_for_run(as_of=as_of)
    # a backfilled early month: the nearest later population and rosters (extracts taken more
    # rarely than member extracts); the run's checks warn when they are months apart
    if snaps.get("population") is None:
        snaps["population"] = snapshot_for_run(kind="population", as_of=as_of)
    for kind in ROSTER_KINDS.codes:
        if kind not in snaps["rosters"]:
            later = snapshot_for_run(kind="roster", roster_kind=kind, as_of=as_of)
            if later is not None:
                snaps["rosters"][kind] = later
    if snaps.get("members") is None or snaps.get("population") is None:
        which = "peserta" if snaps.get("members") is None else "penduduk"
        raise UserError(
            f"Tidak ada snapshot {which} pada atau sebelum {as_of.isoformat()}. Impor dulu datanya.",
            code="link.no_snapshot",
        )
    for which, snap in (("penduduk", snaps["population"]), ("peserta", snaps["members"])):
        if snap.rows_loaded == 0:
            raise UserError(
                f"Snapshot {which} #{snap.pk} ({snap.file_name}) tidak memuat satu baris pun: semua "
                f"{angka(snap.rows_read, lang='id')} baris dikarantina. Lihat: cakupan quarantine show {snap.pk}",
                code="link.snapshot_empty",
            )
    return snaps


def inputs_gather(*, run_dir: Path, as_of: date, snaps: dict, truth: Path | None = None) -> PipelineInputs:
    """Write each owner's export under run_dir/inputs and name them for the pipeline."""
    inputs_dir = Path(run_dir) / "inputs"
    inputs_dir.mkdir(parents=True, exist_ok=True)
    decisions_export(path=inputs_dir / "decisions.parquet")
    occupations_export(path=inputs_dir / "occupations.csv", version=snaps["population"].occupation_mapping_version)
    extra = {}
    if enrolments_provisional_export(path=inputs_dir / "provisional.parquet", as_of=as_of):
        extra["provisional"] = inputs_dir / "provisional.parquet"
    if tombstones_export(path=inputs_dir / "tombstones.parquet"):  # erased on request: left out
        extra["tombstones"] = inputs_dir / "tombstones.parquet"
    if overrides_export(path=inputs_dir / "overrides.parquet"):  # rectified on request
        extra["overrides"] = inputs_dir / "overrides.parquet"
    if areas_export(path=inputs_dir / "areas.csv"):
        extra["areas"] = inputs_dir / "areas.csv"
    return PipelineInputs(
        population=snapshot_path(snaps["population"]),
        members=snapshot_path(snaps["members"]),
        as_of=as_of,
        occupations=inputs_dir / "occupations.csv",
        rosters={kind: snapshot_path(s) for kind, s in snaps.get("rosters", {}).items()},
        decisions=inputs_dir / "decisions.parquet",
        truth=Path(truth) if truth else None,
        **extra,
    )
