"""One small synthetic Bantul (scale 0.01, ~9,600 residents) shared by the synth tests."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan.synth.generate import synth_generate

SCALE = 0.01
AS_OF = date(2023, 2, 27)


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "bantul"
    return synth_generate(region="34.02", out=out, scale=SCALE, seed=1, as_of=AS_OF, fmt="both")
