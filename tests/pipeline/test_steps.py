"""Each step's checks: a broken grain or lost rows stops the run with a clear message."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.pipeline import PipelineCheckError, run_pipeline
from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.marts import MARTS
from cakupan.pipeline.staging import STAGING
from cakupan.pipeline.steps import Accounted, NotNull, Unique, check_table


def test_every_step_states_grain_and_checks():
    for step in STAGING + MARTS:
        assert step.grain and step.checks, step.name
        assert any(isinstance(c, Unique) for c in step.checks) or step.name in ("stg_rosters", "stg_provisional"), step.name


def test_checks_detect_violations():
    eng = DuckDBEngine()
    eng.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (1, NULL)) v(k, x)")
    with pytest.raises(PipelineCheckError, match=r"unique\(k\)"):
        check_table(eng, "t", (Unique("k"),))
    with pytest.raises(PipelineCheckError, match=r"not_null\(x\)"):
        check_table(eng, "t", (NotNull("x"),))
    with pytest.raises(PipelineCheckError, match="rows_accounted"):
        check_table(eng, "t", (Accounted("three", "SELECT count(*) FROM {t}", "SELECT 3"),))
    check_table(eng, "t", (NotNull("k"), Accounted("two", "SELECT count(*) FROM {t}", "SELECT 2")))


def test_duplicate_nik_in_population_fails_the_run(tmp_path, make_inputs, linker):
    src = pq.read_table(make_inputs().population)
    dup = pa.concat_tables([src, src.slice(0, 1)])
    pq.write_table(dup, tmp_path / "pop.parquet")
    with pytest.raises(PipelineCheckError, match="stg_population: check unique"):
        run_pipeline(make_inputs(population=tmp_path / "pop.parquet"), out_dir=tmp_path / "out", linker=linker)


def test_linker_losing_rows_fails_the_run(tmp_path, make_inputs, linker):
    def lossy(engine, *, settings=None):
        linker(engine, settings=settings)
        engine.create("links", "SELECT * FROM links WHERE method = 'exact'")

    with pytest.raises(PipelineCheckError, match="links: check rows_accounted"):
        run_pipeline(make_inputs(), out_dir=tmp_path / "out", linker=lossy)


def test_run_without_rosters(tmp_path, make_inputs, linker):
    result = run_pipeline(make_inputs(rosters={}), out_dir=tmp_path / "out", linker=linker)
    persons = {r["nama"]: r for r in pq.read_table(tmp_path / "out" / "person_status.parquet").to_pylist()}
    assert persons["BU P3K"]["excluded_reason"] is None  # no ASN list: counted by occupation
    assert persons["PAK CARIK"]["ecosystem"] == "desa"  # PETANI/PEKEBUN from the mapping
    assert pq.read_table(tmp_path / "out" / "roster_status.parquet").num_rows == 0
    assert result.totals["workforce"] == 56


def test_unique_via_upstream_catches_a_fan_out():
    eng = DuckDBEngine()
    eng.execute("CREATE TABLE base AS SELECT * FROM (VALUES ('a'), ('b')) v(nik)")
    eng.execute("CREATE TABLE side AS SELECT * FROM (VALUES ('a', 1), ('a', 2)) v(nik, x)")
    eng.execute("CREATE TABLE fanned AS SELECT b.nik, s.x FROM base b LEFT JOIN side s USING (nik)")
    with pytest.raises(PipelineCheckError, match=r"unique\(nik\)"):
        check_table(eng, "fanned", (Unique("nik", via="base"),))
    eng.execute("CREATE TABLE fine AS SELECT b.nik FROM base b")
    check_table(eng, "fine", (Unique("nik", via="base"),))


def test_every_linkage_step_states_grain_and_checks():
    from cakupan.pipeline.linkage.decide import choose_steps
    from cakupan.pipeline.linkage.prepare import prepare_steps
    from cakupan.pipeline.linkage.settings import LinkSettings

    steps = prepare_steps(flag_name_jw=0.85, has_decisions=True) + choose_steps(settings=LinkSettings(),
                                                                                 has_decisions=True)
    assert len({s.name for s in steps}) == len(steps)
    for step in steps:
        assert step.grain and step.checks, step.name


def test_mart_rules_speak_the_declared_vocabulary():
    from cakupan.core.vocab import ECOSYSTEMS, ROSTER_KINDS, SEGMENTS
    from cakupan.pipeline.marts import ROSTER_PRIORITY, SEGMENT_PRIORITY

    assert set(SEGMENT_PRIORITY) == set(SEGMENTS.codes)
    assert set(ROSTER_PRIORITY) | {"asn"} == set(ROSTER_KINDS.codes)
    assert {"desa" if k == "perangkat_desa" else k for k in ROSTER_PRIORITY} <= set(ECOSYSTEMS.codes)
