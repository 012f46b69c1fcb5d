"""Pipeline test helpers: the committed snapshot fixture and an exact-NIK-only linker (the
production pipeline calls cakupan.pipeline.linkage.link_members; these tests pin the marts)."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cakupan.core.reference import BANTUL_WILAYAH
from cakupan.pipeline import PipelineInputs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = date(2023, 2, 27)


def exact_linker(engine, *, settings=None):
    """links: an exact NIK match on a valid NIK, else none; review_queue: empty."""
    engine.create(
        "links",
        """
        SELECT m.member_key, m.kpj, p.nik AS person_nik,
               CASE WHEN p.nik IS NULL THEN 'none' ELSE 'exact' END AS method,
               CAST(CASE WHEN p.nik IS NULL THEN 0.0 ELSE 1.0 END AS DOUBLE) AS match_probability,
               CAST('' AS STRING) AS reasons
        FROM stg_members m LEFT JOIN stg_population p ON m.nik_valid AND p.nik = m.nik
        """,
    )
    engine.create(
        "review_queue",
        "SELECT member_key, kpj, person_nik AS candidate_nik, match_probability, reasons FROM links WHERE 1 = 0",
    )
    return None


def fixture_inputs(**overrides) -> PipelineInputs:
    values = dict(
        population=FIXTURES / "population.parquet",
        members=FIXTURES / "members.parquet",
        as_of=AS_OF,
        areas=BANTUL_WILAYAH,
        rosters={k: FIXTURES / f"roster-{k}.parquet" for k in ("asn", "opd", "perangkat_desa", "pasar")},
    )
    values.update(overrides)
    return PipelineInputs(**values)


@pytest.fixture(scope="session")
def make_inputs():
    """fixture_inputs(**overrides) -> PipelineInputs on the committed fixture."""
    return fixture_inputs


@pytest.fixture(scope="session")
def linker():
    return exact_linker


def mart_rows(path):
    """(columns, rows sorted) of a mart file, to compare two runs whatever the row order."""
    tbl = pq.read_table(path)
    rows = [tuple(r.values()) for r in tbl.to_pylist()]
    return tbl.column_names, sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))


def same_value(a, b) -> bool:
    """Equal, floats to a relative 1e-9 (the engines sum in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b
