"""Fixtures for the linkage tests: the committed dirty fixture (see fixture_gen.py) staged into an
engine, and one model trained once per session (training is the slow part)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from linkage_helpers import DATA, STRICT, staged_engine

from cakupan.pipeline.linkage import LinkSettings, link_members


@pytest.fixture(scope="session")
def linkage_truth() -> dict[str, str | None]:
    with (DATA / "truth_links.csv").open() as fh:
        return {r["kpj"]: (r["person_nik"] or None) for r in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def linkage_model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "model.json"
    eng = staged_engine()
    outcome = link_members(eng, settings=LinkSettings(model_path=path))
    assert outcome.model == "trained" and path.exists()
    eng.close()
    return path


@pytest.fixture
def linked(linkage_model):
    """An engine with `links` and `review_queue` made with the session's saved model."""
    eng = staged_engine()
    link_members(eng, settings=LinkSettings(model_path=linkage_model))
    yield eng
    eng.close()


@pytest.fixture
def linked_strict(linkage_model):
    eng = staged_engine()
    link_members(eng, settings=LinkSettings(model_path=linkage_model, **STRICT))
    yield eng
    eng.close()
