"""A small synthetic Bantul as files (generated once per session), an operator, and a worker that
runs the queue in this process (the real django-tasks-db worker loop, batch mode)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

AS_OF = date(2023, 2, 27)
PASSWORD = "rahasia-panjang-1"


@pytest.fixture(scope="session")
def small_synth(tmp_path_factory) -> Path:
    from cakupan.synth.generate import synth_generate

    out = tmp_path_factory.mktemp("synth-jobs")
    synth_generate(region="34.02", out=out, scale=0.01, seed=3, as_of=AS_OF, fmt="csv")
    return out


@pytest.fixture
def region(db, cakupan_home):
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.wilayah.services import area_load_reference_if_empty

    area_load_reference_if_empty()
    occupation_mapping_ensure()
    return cakupan_home


@pytest.fixture
def operator(region):
    from cakupan.accounts.services import user_create

    return user_create(username="operator", role="operator", password=PASSWORD)


def drain() -> None:
    """Run every queued job to the end, as `cakupan worker --once` does."""
    from cakupan.jobs.worker import worker_run

    worker_run(once=True, interval=0)


def uploaded(path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name or path.name, path.read_bytes())
