"""Other regions (shape from the Kemendagri list) and the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cakupan.errors import UserError
from cakupan.synth.generate import synth_generate
from cakupan.synth.reference import DEFAULT_DESA_POPULATION, region_reference
from tests.synth.conftest import AS_OF


def test_another_kabupaten_gets_an_even_spread_and_default_totals(tmp_path):
    ref = region_reference("34.71")  # Kota Yogyakarta: no population reference shipped
    assert not ref.has_reference and len(ref.kalurahan) > 10
    res = synth_generate(
        out=tmp_path / "yk", region="34.71", scale=0.02, seed=3, as_of=AS_OF, fmt="csv"
    )
    assert res.summary["population"] == round(DEFAULT_DESA_POPULATION * len(ref.kalurahan) * 0.02)
    assert res.summary["workforce"] == round(ref.workforce * 0.02)
    assert res.summary["active"] == round(ref.active * 0.02)
    first = (tmp_path / "yk" / "population.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert first.split(";")[0].strip('"').startswith("3471")


def test_unknown_region_and_bad_scale_are_user_errors(tmp_path):
    with pytest.raises(UserError):
        region_reference("99.99")
    with pytest.raises(UserError):
        synth_generate(region="34.02", out=tmp_path / "x", scale=0.0001)


def test_refuses_to_overwrite_a_foreign_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(UserError):
        synth_generate(region="34.02", out=tmp_path, scale=0.01)
    assert (tmp_path / "keep.txt").exists()


def test_cli_writes_the_region(tmp_path):
    from cakupan.cli import app

    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["synth", "--region", "34.02", "--scale", "0.005", "--seed", "4", "--out", str(out), "--format", "parquet"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "truth" / "summary.json").read_text())
    assert summary["workforce"] == round(457_718 * 0.005)
    assert (out / "population.parquet").exists() and not (out / "population.csv").exists()


def test_cli_rejects_a_bad_date(tmp_path):
    from cakupan.cli import app

    result = CliRunner().invoke(
        app, ["synth", "--region", "34.02", "--as-of", "27-02-2023", "--out", str(tmp_path / "z")]
    )
    assert isinstance(result.exception, UserError)


def test_cli_assumes_no_region(tmp_path):
    """No Bantul by default (issue 18/7): without --region the CLI asks for it, writes nothing."""
    from cakupan.cli import app

    result = CliRunner().invoke(app, ["synth", "--out", str(tmp_path / "z")])
    assert result.exit_code == 2 and "--region" in result.output
    assert not (tmp_path / "z").exists()


def test_large_kalurahan_are_generated_in_parts_with_exact_totals(tmp_path, monkeypatch):
    from cakupan.synth import plan as plan_mod
    from tests.synth.recompute import totals

    monkeypatch.setattr(plan_mod, "PART_MAX", 60)  # every kalurahan in 2-4 parts at scale 0.01
    res = synth_generate(region="34.02", out=tmp_path / "parts", scale=0.01, seed=5, as_of=AS_OF, fmt="csv")
    got = totals(res.out, AS_OF)
    assert (got["workforce"], got["active"]) == (round(457_718 * 0.01), round(115_463 * 0.01))
    assert res.summary["rosters"]["perangkat_desa"] >= 75
