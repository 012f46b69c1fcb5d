"""Pipeline inputs: snapshot Parquet files and small reference CSVs, registered as raw_* tables.

CSV reference tables are read with pyarrow (typed here, once) and handed to the engine as Arrow,
so DuckDB and Spark see identical raw tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .engine import Engine

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
ROSTER_KINDS = ("opd", "padat_karya", "pasar", "umkm", "guru", "perangkat_desa", "asn")

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
DECISION_SCHEMA = pa.schema([("member_key", pa.string()), ("candidate_nik", pa.string()), ("decision", pa.string())])


@dataclass(frozen=True)
class PipelineInputs:
    """Everything one run reads. Paths are absolute; `rosters` maps roster kind -> Parquet."""

    population: Path
    members: Path
    as_of: date
    occupations: Path = REFERENCE / "occupations.csv"
    status_rules: Path = REFERENCE / "status_rules.csv"
    areas: Path = REFERENCE / "bantul" / "wilayah.csv"
    rosters: dict[str, Path] = field(default_factory=dict)
    decisions: Path | None = None
    truth: Path | None = None
    provisional: Path | None = None  # enrolments registered in cakupan, not yet in an extract


TRUE_TEXT = ("1", "true", "t", "yes", "ya", "y")  # a reference CSV's yes, in lower case


def _bool(col: pa.Array) -> pa.Array:
    text = pa.compute.utf8_lower(pa.compute.cast(col, pa.string()))
    return pa.compute.is_in(text, value_set=pa.array(TRUE_TEXT))


def read_occupations(path: Path) -> pa.Table:
    """code, name, in_workforce, excluded, exclusion_reason, ecosystem (the Occupation model)."""
    tbl = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={"code": pa.int32()}, strings_can_be_null=False))
    n = tbl.num_rows

    def col(name: str, default: str = "") -> pa.Array:
        return tbl[name].combine_chunks().cast(pa.string()) if name in tbl.column_names else pa.array([default] * n)

    return pa.table(
        {
            "code": tbl["code"].combine_chunks(),
            "name": col("name"),
            "in_workforce": _bool(col("in_workforce", "false")),
            "excluded": _bool(col("excluded", "false")),
            "exclusion_reason": col("exclusion_reason"),
            "ecosystem": col("ecosystem"),
        }
    )


def read_status_rules(path: Path) -> pa.Table:
    tbl = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={"grace_months": pa.int32()}))
    return tbl.select(["segment", "grace_months"])


def read_areas(path: Path) -> pa.Table:
    types = {"code": pa.string(), "parent_code": pa.string()}
    tbl = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
    return tbl.select(["code", "name", "kind", "parent_code"])


def read_rosters(rosters: dict[str, Path]) -> pa.Table:
    """All roster snapshots as one table with the contract's columns (missing ones null)."""
    parts = []
    for kind, path in sorted(rosters.items()):
        tbl = pq.read_table(path)
        cols = {}
        for fld in ROSTER_SCHEMA:
            if fld.name in tbl.column_names:
                cols[fld.name] = tbl[fld.name].cast(fld.type)
            elif fld.name == "roster_kind":
                cols[fld.name] = pa.array([kind] * tbl.num_rows, pa.string())
            else:
                cols[fld.name] = pa.nulls(tbl.num_rows, fld.type)
        parts.append(pa.table(cols, schema=ROSTER_SCHEMA))
    return pa.concat_tables(parts) if parts else ROSTER_SCHEMA.empty_table()


_SQL_TYPES = {pa.int64(): "BIGINT", pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}


def _cast_select(schema: pa.Schema, present: set[str] | None = None, fill: dict[str, str] | None = None) -> str:
    """SELECT list giving `schema`'s columns and types: a column not in `present` (None = all are)
    is NULL, or the SQL in `fill`."""
    return ", ".join(
        f"CAST({f.name} AS {_SQL_TYPES[f.type]}) AS {f.name}" if present is None or f.name in present
        else f"CAST({(fill or {}).get(f.name, 'NULL')} AS {_SQL_TYPES[f.type]}) AS {f.name}"
        for f in schema)


def _duck_rosters(engine: Engine, rosters: dict[str, Path]) -> None:
    """`read_rosters` in DuckDB itself: the same table, without pyarrow's Parquet reader start-up
    (~0.3 s, more than reading the files)."""
    con = engine.con
    parts = []
    for kind, path in sorted(rosters.items()):
        src = f"read_parquet('{Path(path).as_posix()}')"
        cols = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
        parts.append(f"SELECT {_cast_select(ROSTER_SCHEMA, cols, {'roster_kind': repr(kind)})} FROM {src}")
    if not parts:
        _duck_empty(engine, "raw_rosters", ROSTER_SCHEMA)
        return
    # one statement for all rosters (each statement costs ~20 ms here, whatever its size)
    con.execute("CREATE OR REPLACE TABLE raw_rosters AS " + " UNION ALL ".join(parts))


_TRUE = "(" + ", ".join(f"'{t}'" for t in TRUE_TEXT) + ")"


def _duck_reference(engine: Engine, inputs: PipelineInputs) -> None:
    """read_occupations / read_status_rules / read_areas in DuckDB's CSV reader: the same tables,
    without importing pyarrow.compute (~0.3 s of start-up in a run of a few seconds)."""
    con = engine.con

    def csv(path: Path) -> tuple[str, set[str]]:
        src = f"read_csv('{Path(path).as_posix()}', header = true, all_varchar = true)"
        return src, {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}

    src, cols = csv(inputs.occupations)

    def text(c: str, default: str = "") -> str:
        return f"coalesce({c}, '')" if c in cols else f"'{default}'"

    def flag(c: str) -> str:
        return f"coalesce(lower({c}) IN {_TRUE}, false)" if c in cols else "false"

    con.execute(f"""CREATE OR REPLACE TABLE raw_occupations AS
        SELECT CAST(code AS INTEGER) AS code, {text('name')} AS name, {flag('in_workforce')} AS in_workforce,
               {flag('excluded')} AS excluded, {text('exclusion_reason')} AS exclusion_reason,
               {text('ecosystem')} AS ecosystem
        FROM {src}""")
    src, _ = csv(inputs.status_rules)
    con.execute(f"CREATE OR REPLACE TABLE raw_status_rules AS SELECT segment, CAST(grace_months AS INTEGER) AS grace_months FROM {src}")
    src, _ = csv(inputs.areas)
    con.execute(f"CREATE OR REPLACE TABLE raw_areas AS SELECT code, name, kind, parent_code FROM {src}")


def _duck_parquet_or_empty(engine: Engine, name: str, path: Path | None, schema: pa.Schema, *,
                           only_if_exists: bool = False) -> None:
    if path is not None and Path(path).exists():
        engine.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {_cast_select(schema)} "
                           f"FROM read_parquet('{Path(path).as_posix()}')")
    elif not only_if_exists:
        _duck_empty(engine, name, schema)


def _duck_empty(engine: Engine, name: str, schema: pa.Schema) -> None:
    decl = ", ".join(f"{f.name} {_SQL_TYPES[f.type]}" for f in schema)
    engine.con.execute(f"CREATE OR REPLACE TABLE {name} ({decl})")


def inputs_register(engine: Engine, inputs: PipelineInputs) -> None:
    """raw_population, raw_members (Parquet views), raw_rosters, raw_occupations,
    raw_status_rules, raw_areas, raw_provisional (possibly empty) and, when given, review_decisions."""
    engine.register_parquet("raw_population", inputs.population)
    engine.register_parquet("raw_members", inputs.members)
    if engine.kind == "duckdb":  # SQL only: registering a Python object makes DuckDB import pandas (~0.3 s)
        _duck_rosters(engine, inputs.rosters)
        _duck_reference(engine, inputs)
        _duck_parquet_or_empty(engine, "raw_provisional", inputs.provisional, PROVISIONAL_SCHEMA)
        _duck_parquet_or_empty(engine, "review_decisions", inputs.decisions, DECISION_SCHEMA, only_if_exists=True)
        return
    engine.register_arrow("raw_rosters", read_rosters(inputs.rosters))
    engine.register_arrow("raw_occupations", read_occupations(inputs.occupations))
    engine.register_arrow("raw_status_rules", read_status_rules(inputs.status_rules))
    engine.register_arrow("raw_areas", read_areas(inputs.areas))
    provisional = PROVISIONAL_SCHEMA.empty_table()
    if inputs.provisional is not None and Path(inputs.provisional).exists():
        provisional = pq.read_table(inputs.provisional).select(PROVISIONAL_SCHEMA.names).cast(PROVISIONAL_SCHEMA)
    engine.register_arrow("raw_provisional", provisional)
    if inputs.decisions is not None and Path(inputs.decisions).exists():
        tbl = pq.read_table(inputs.decisions).select(["member_key", "candidate_nik", "decision"])
        engine.register_arrow("review_decisions", tbl.cast(DECISION_SCHEMA))
