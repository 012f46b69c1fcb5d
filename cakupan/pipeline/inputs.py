"""Pipeline inputs: snapshot Parquet files and small reference CSVs, registered as raw_* tables.

Each input is read once, typed here by its schema, by the engine (`Engine.load_parquet`,
`Engine.load_csv`), so DuckDB and Spark see identical raw tables. The reference CSVs default to the
shipped ones (`cakupan.core.reference`); the region's areas have no default: the caller exports the
areas it has loaded (a run without areas stops with `pipeline.no_areas`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from cakupan.core.reference import OCCUPATIONS, STATUS_RULES
from cakupan.errors import UserError

from .engine import Engine

ROSTER_SCHEMA = pa.schema(
    [
        ("row_number", pa.int64()), ("roster_kind", pa.string()), ("member_key", pa.string()),
        ("nik", pa.string()), ("nik_valid", pa.bool_()), ("nik_error", pa.string()),
        ("nama", pa.string()), ("tanggal_lahir", pa.date32()), ("jenis_kelamin", pa.string()),
        ("kode_wilayah", pa.string()), ("org", pa.string()), ("jabatan", pa.string()),
        ("project_code", pa.string()), ("start_date", pa.date32()), ("end_date", pa.date32()),
        ("extra", pa.string()), ("warnings", pa.string()),
    ]
)
PROVISIONAL_SCHEMA = pa.schema(
    [("nik", pa.string()), ("segmen", pa.string()), ("program", pa.string()), ("paid_through", pa.date32())]
)
# data subjects' requests (cakupan.privacy): NIKs erased, names / birth dates rectified
TOMBSTONE_SCHEMA = pa.schema([("nik", pa.string())])
OVERRIDE_SCHEMA = pa.schema([("nik", pa.string()), ("nama", pa.string()), ("tanggal_lahir", pa.date32())])
DECISION_SCHEMA = pa.schema([("member_key", pa.string()), ("candidate_nik", pa.string()), ("decision", pa.string())])

# reference CSV columns and their kinds (engine.CSV_KINDS); the Occupation model's columns
OCCUPATION_COLUMNS = {"code": "int", "name": "text", "in_workforce": "flag", "excluded": "flag",
                      "exclusion_reason": "text", "ecosystem": "text"}
STATUS_RULE_COLUMNS = {"segment": "str", "grace_months": "int"}
AREA_COLUMNS = {"code": "str", "name": "str", "kind": "str", "parent_code": "str"}


@dataclass(frozen=True)
class PipelineInputs:
    """Everything one run reads. Paths are absolute; `rosters` maps roster kind -> Parquet.
    `areas` (the region's area CSV: code, name, kind, parent_code) must be given."""

    population: Path
    members: Path
    as_of: date
    occupations: Path = OCCUPATIONS
    status_rules: Path = STATUS_RULES
    areas: Path | None = None
    rosters: dict[str, Path] = field(default_factory=dict)
    decisions: Path | None = None
    truth: Path | None = None
    provisional: Path | None = None  # enrolments registered in cakupan, not yet in an extract
    tombstones: Path | None = None  # NIKs erased on request: left out of every staged input
    overrides: Path | None = None  # rectified names / birth dates, applied to the population


def _areas(inputs: PipelineInputs) -> Path:
    if inputs.areas is None:
        raise UserError("Run ini tidak punya daftar wilayah (areas): muat wilayah region dulu, lalu "
                        "berikan areas.csv ke pipeline.", code="pipeline.no_areas")
    if not Path(inputs.areas).exists():
        raise UserError(f"Berkas wilayah (areas) tidak ditemukan: {inputs.areas}", code="pipeline.areas_missing")
    return Path(inputs.areas)


def _existing(path: Path | None) -> list[tuple[Path, dict[str, str]]]:
    return [(Path(path), {})] if path is not None and Path(path).exists() else []


def inputs_register(engine: Engine, inputs: PipelineInputs) -> None:
    """raw_population, raw_members (Parquet views), raw_rosters, raw_occupations,
    raw_status_rules, raw_areas, raw_provisional, raw_tombstones, raw_overrides (possibly empty)
    and, when given, review_decisions."""
    areas = _areas(inputs)
    engine.register_parquet("raw_population", inputs.population)
    engine.register_parquet("raw_members", inputs.members)
    rosters = [(Path(path), {"roster_kind": kind}) for kind, path in sorted(inputs.rosters.items())]
    engine.load_parquet("raw_rosters", rosters, ROSTER_SCHEMA)
    engine.load_csv("raw_occupations", inputs.occupations, OCCUPATION_COLUMNS)
    engine.load_csv("raw_status_rules", inputs.status_rules, STATUS_RULE_COLUMNS)
    engine.load_csv("raw_areas", areas, AREA_COLUMNS)
    engine.load_parquet("raw_provisional", _existing(inputs.provisional), PROVISIONAL_SCHEMA)
    engine.load_parquet("raw_tombstones", _existing(inputs.tombstones), TOMBSTONE_SCHEMA)
    engine.load_parquet("raw_overrides", _existing(inputs.overrides), OVERRIDE_SCHEMA)
    if _existing(inputs.decisions):
        engine.load_parquet("review_decisions", _existing(inputs.decisions), DECISION_SCHEMA)
