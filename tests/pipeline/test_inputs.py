"""Inputs come from the caller: no hidden region, reference paths from cakupan.core.reference."""
from __future__ import annotations

import pytest

from cakupan.core.reference import OCCUPATIONS, STATUS_RULES
from cakupan.errors import UserError
from cakupan.pipeline import run_pipeline


def test_reference_defaults_are_the_shipped_files(make_inputs):
    inputs = make_inputs()
    assert (inputs.occupations, inputs.status_rules) == (OCCUPATIONS, STATUS_RULES)


def test_a_run_without_areas_stops_with_a_clear_error(tmp_path, make_inputs, linker):
    with pytest.raises(UserError) as err:
        run_pipeline(make_inputs(areas=None), out_dir=tmp_path / "out", linker=linker)
    assert err.value.code == "pipeline.no_areas"
    with pytest.raises(UserError) as err:
        run_pipeline(make_inputs(areas=tmp_path / "nope.csv"), out_dir=tmp_path / "out", linker=linker)
    assert err.value.code == "pipeline.areas_missing"

