"""End to end: a small synthetic Bantul -> `cakupan import` services -> run_execute (real linkage)
-> published coverage equal to the generator's truth."""
from __future__ import annotations

import json
from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors

AS_OF = date(2023, 2, 27)


@pytest.mark.slow
@pytest.mark.django_db
def test_synthetic_region_coverage_matches_truth(cakupan_home, tmp_path):
    from cakupan.home import ensure_ready
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.registries.services import snapshot_import
    from cakupan.runs.services import run_execute
    from cakupan.synth.generate import synth_generate
    from cakupan.wilayah.services import area_load_reference_if_empty

    ensure_ready()
    area_load_reference_if_empty()
    occupation_mapping_ensure()
    synth = tmp_path / "synth"
    synth_generate(region="34.02", out=synth, scale=0.02, seed=1, as_of=AS_OF, fmt="csv")
    snapshot_import(kind="population", path=synth / "population.csv", as_of=AS_OF)
    snapshot_import(kind="members", path=synth / "members.csv", as_of=AS_OF)
    for roster in sorted((synth / "rosters").glob("*.csv")):
        snapshot_import(kind="roster", roster_kind=roster.stem, path=roster, as_of=AS_OF)

    out = run_execute(as_of=AS_OF, truth=synth / "truth" / "links.csv", export=tmp_path / "links.csv",
                      export_purpose="verifikasi")
    truth = json.loads((synth / "truth" / "summary.json").read_text())
    total = selectors.coverage_total(run=out.run, scope=Scope(role="admin"))
    assert abs(total.workforce - truth["workforce"]) <= 1  # importer may quarantine an odd NIK
    assert abs(total.active - truth["active"]) <= max(2, round(truth["active"] * 0.0005))
    assert out.result.quality["overall"]["precision"] >= 0.99
    lines = (tmp_path / "links.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "kpj,person_nik,method,match_probability,reasons"
    assert len(lines) - 1 == truth["member_records"]
