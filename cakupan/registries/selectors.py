"""Reads over registry snapshots (metadata in the DB, rows in Parquet under CAKUPAN_HOME).

Snapshots are system inputs (the pipeline reads them, admins load them); person-level rows of a
quarantine are shown only through the CLI to whoever holds the data directory.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings

from cakupan.core.vocab import ROSTER_KINDS

from .models import Snapshot
from .reasons import file_error


def snapshot_get(*, snapshot_id: int) -> Snapshot:
    snap = Snapshot.objects.filter(pk=snapshot_id).first()
    if snap is None:
        raise file_error("snapshot.not_found", id=snapshot_id)
    return snap


def snapshot_latest(*, kind: str, roster_kind: str = "", as_of: date | None = None) -> Snapshot | None:
    """The snapshot with the latest as-of (on or before ``as_of`` when given); the most recently
    loaded one among equal as-of dates."""
    qs = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind)
    if as_of is not None:
        qs = qs.filter(as_of__lte=as_of)
    return qs.order_by("-as_of", "-id").first()


def snapshot_earliest_after(*, kind: str, as_of: date, roster_kind: str = "") -> Snapshot | None:
    """The snapshot with the earliest as-of after ``as_of`` (a run for a month before the first
    population extract uses the nearest later one; the run's checks warn when far apart)."""
    return Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, as_of__gt=as_of).order_by("as_of", "-id").first()


def snapshot_for_run(*, kind: str, as_of: date, roster_kind: str = "") -> Snapshot | None:
    """The snapshot of a kind a run as of ``as_of`` reads: the latest on or before it, else (a
    backfilled early month: extracts taken more rarely than member extracts) the nearest later one."""
    return (snapshot_latest(kind=kind, roster_kind=roster_kind, as_of=as_of)
            or snapshot_earliest_after(kind=kind, roster_kind=roster_kind, as_of=as_of))


def roster_rows_for_run(*, roster_kind: str, as_of: date, columns: tuple[str, ...] = ("nik", "org")) -> list[dict]:
    """The rows (`columns` only; a column the file lacks reads as None) of the roster snapshot a run
    as of ``as_of`` reads (snapshot_for_run, the rule cakupan.runs.inputs uses); [] when there is none. Personal data:
    the caller filters through accounts' Scope (which also drops the NIKs erased on request).

        roster_rows_for_run(roster_kind="guru", as_of=run.as_of)   # [{"nik": "3402...", "org": "SD N 2 BANTUL"}, ...]
    """
    import pyarrow.parquet as pq

    snap = snapshot_for_run(kind="roster", roster_kind=roster_kind, as_of=as_of)
    if snap is None or not snapshot_path(snap).exists():
        return []
    data = pq.ParquetFile(snapshot_path(snap))
    have = [c for c in columns if c in data.schema_arrow.names]
    rows = data.read(columns=have).to_pylist()
    return [{c: r.get(c) for c in columns} for r in rows]


def snapshot_path(snapshot: Snapshot) -> Path:
    """Absolute path of the snapshot's rows."""
    return Path(settings.CAKUPAN_HOME) / snapshot.data_path


def snapshot_quarantine_path(snapshot: Snapshot) -> Path | None:
    return Path(settings.CAKUPAN_HOME) / snapshot.quarantine_path if snapshot.quarantine_path else None


def snapshots_for_run(*, as_of: date) -> dict:
    """What a pipeline run as of ``as_of`` reads: ``{"population": Snapshot|None, "members":
    Snapshot|None, "rosters": {roster kind: Snapshot}}`` (latest on or before ``as_of``; roster
    kinds without a snapshot are absent)."""
    rosters = {}
    for roster_kind in ROSTER_KINDS.codes:
        snap = snapshot_latest(kind="roster", roster_kind=roster_kind, as_of=as_of)
        if snap is not None:
            rosters[roster_kind] = snap
    return {
        "population": snapshot_latest(kind="population", as_of=as_of),
        "members": snapshot_latest(kind="members", as_of=as_of),
        "rosters": rosters,
    }


def occupations_export(*, path: Path, version: int | None = None) -> Path:
    """The occupation mapping a run reads (the population snapshot's version, else the current one)
    as the pipeline's CSV (cakupan.registries.occupations writes it)."""
    from .models import OccupationMappingVersion
    from .occupations import occupation_mapping_export

    if version is not None and not OccupationMappingVersion.objects.filter(version=version).exists():
        version = None
    return occupation_mapping_export(path=path, version=version)


def quarantine_rows(*, snapshot: Snapshot, limit: int | None = None) -> list[dict]:
    """Quarantined rows in file order: row_number, reason_code, message, raw (dict, original
    header -> original text, in the file's column order)."""
    path = snapshot_quarantine_path(snapshot)
    if path is None or not path.exists():
        return []
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if limit is not None:
        table = table.slice(0, limit)
    out = []
    for row in table.to_pylist():
        row["raw"] = json.loads(row["raw"]) if row["raw"] else {}
        out.append(row)
    return out


def occupation_mapping_facts(*, population_snapshot_id: int | None = None) -> dict | None:
    """The occupation mapping a run used, for the rules page (counts only, no personal data): the
    version recorded by its population snapshot, else the current one (as `occupations_export`
    chooses). ``{"version", "created_at", "source", "note", "current" (bool), "rows": [{code, name,
    in_workforce, excluded, exclusion_reason, ecosystem}]}``; None before any mapping exists."""
    from .models import OccupationMappingVersion

    version = None
    if population_snapshot_id is not None:
        version = Snapshot.objects.filter(pk=population_snapshot_id).values_list(
            "occupation_mapping_version", flat=True).first()
    mapping = OccupationMappingVersion.objects.filter(version=version).first() if version is not None else None
    latest = OccupationMappingVersion.objects.order_by("-version").first()
    mapping = mapping or latest
    if mapping is None:
        return None
    rows = list(mapping.occupations.order_by("code").values(
        "code", "name", "in_workforce", "excluded", "exclusion_reason", "ecosystem"))
    return {"version": mapping.version, "created_at": mapping.created_at, "source": mapping.source,
            "note": mapping.note, "current": latest is not None and latest.pk == mapping.pk, "rows": rows}
