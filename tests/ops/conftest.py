"""A small synthetic Bantul as files, generated once per session (the crash and backup tests run
the real `cakupan` command in subprocesses on it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.instance import AS_OF


@pytest.fixture(scope="session")
def ops_synth(tmp_path_factory) -> Path:
    from cakupan.synth.generate import synth_generate

    out = tmp_path_factory.mktemp("synth-ops")
    synth_generate(region="34.02", out=out, scale=0.01, seed=5, as_of=AS_OF, fmt="csv")
    return out
