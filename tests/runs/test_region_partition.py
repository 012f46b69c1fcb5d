"""A region set (two kabupaten/kota) imported and linked as one run: kabupaten by kabupaten
(cakupan/pipeline/partition.py), against the same inputs linked as one piece and the synth truth."""
from __future__ import annotations

from datetime import date

import duckdb
import pytest

from cakupan.core.reference import NATIONAL_WILAYAH
from cakupan.pipeline import run_pipeline
from cakupan.pipeline.linkage import LinkSettings, link_members
from cakupan.registries.occupations import occupation_mapping_ensure
from cakupan.registries.services import snapshot_import
from cakupan.runs.inputs import inputs_gather, run_snapshots
from cakupan.synth.regionset import synth_region_set
from cakupan.wilayah.services import area_load_csv

AS_OF = date(2023, 2, 27)
SET = ("34.01", "34.71")  # Kulon Progo and Kota Yogyakarta


@pytest.fixture(scope="module")
def region_set(tmp_path_factory):
    out = tmp_path_factory.mktemp("set") / "diy2"
    return synth_region_set(out=out, spec=",".join(SET), scale=0.05, fmt="parquet", jobs=1)


@pytest.fixture
def inputs(region_set, tmp_path, cakupan_home):
    occupation_mapping_ensure()
    for code in SET:
        area_load_csv(path=NATIONAL_WILAYAH, region=code)
    out = region_set.out
    snapshot_import(kind="population", path=out / "population.parquet", as_of=AS_OF)
    snapshot_import(kind="members", path=out / "members.parquet", as_of=AS_OF)
    for kind in ("asn", "opd", "perangkat_desa", "padat_karya"):
        snapshot_import(kind="roster", roster_kind=kind, path=out / "rosters" / f"{kind}.parquet", as_of=AS_OF)
    return inputs_gather(run_dir=tmp_path / "run", as_of=AS_OF, snaps=run_snapshots(as_of=AS_OF),
                         truth=out / "truth" / "links.csv")


def _links(path):
    return {r[0]: r[1:] for r in duckdb.sql(
        f"SELECT member_key, person_nik, method FROM read_parquet('{path}/links.parquet')").fetchall()}


@pytest.mark.django_db
def test_region_set_is_linked_kabupaten_by_kabupaten_like_one_run(inputs, region_set, tmp_path):
    model = LinkSettings(model_path=tmp_path / "model.json")
    part = run_pipeline(inputs, out_dir=tmp_path / "part", settings=model)
    assert {k for k in part.link["timings"] if k.startswith("part_")} == {f"part_{c}" for c in SET}
    one = run_pipeline(inputs, out_dir=tmp_path / "one", settings=model, linker=link_members)
    truth = region_set.summary
    assert part.totals["population"] == one.totals["population"] == truth["population"]
    assert part.totals["workforce"] == one.totals["workforce"] == truth["workforce"]
    # every member record once; exact links identical; the probabilistic band may differ in a few
    # records (fewer competing candidates inside one kabupaten), never by more than 0.2 %
    a, b = _links(tmp_path / "part"), _links(tmp_path / "one")
    assert a.keys() == b.keys() and len(a) == truth["member_records"]
    assert {k for k, v in a.items() if v[1] == "exact"} == {k for k, v in b.items() if v[1] == "exact"}
    differ = [k for k in a if a[k] != b[k]]
    assert len(differ) <= 0.002 * len(a)
    assert abs(part.totals["active"] - truth["active"]) <= abs(one.totals["active"] - truth["active"]) + 2
    qp, qo = part.quality["overall"], one.quality["overall"]
    assert qp["precision"] >= 0.999 and qp["recall"] >= qo["recall"] - 0.001
    # coverage per kalurahan from both runs within one person
    cov = duckdb.sql(f"""SELECT count(*) FROM (
        SELECT kalurahan_code, sum(active) AS n FROM read_parquet('{tmp_path}/part/coverage.parquet') GROUP BY 1) p
        FULL JOIN (SELECT kalurahan_code, sum(active) AS n FROM read_parquet('{tmp_path}/one/coverage.parquet')
                   GROUP BY 1) o USING (kalurahan_code) WHERE abs(coalesce(p.n, 0) - coalesce(o.n, 0)) > 1""").fetchall()[0]
    assert cov == (0,)


@pytest.mark.django_db
def test_member_from_outside_the_set_is_decided_outside(inputs, tmp_path):
    """A record whose NIK and address are both outside the run's kabupaten is 'none', in words."""
    from cakupan.pipeline.partition import OUTSIDE_REASON

    part = run_pipeline(inputs, out_dir=tmp_path / "part", settings=LinkSettings(model_path=tmp_path / "m.json"))
    outside = duckdb.sql(f"""SELECT count(*), count(DISTINCT method), min(method)
        FROM read_parquet('{tmp_path}/part/links.parquet') WHERE reasons = '{OUTSIDE_REASON}'""").fetchall()[0]
    assert outside[0] > 0 and outside[1:] == (1, "none")
    assert part.counts["none"] >= outside[0]
