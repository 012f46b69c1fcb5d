"""Shared setup for registry import tests: reference areas and the occupation mapping."""
from __future__ import annotations

import pytest


@pytest.fixture
def reference(db, cakupan_home):
    """Bantul areas + the shipped occupation mapping in the test database, and a clean home."""
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.wilayah.services import area_load_reference_if_empty

    area_load_reference_if_empty()
    occupation_mapping_ensure()
    return cakupan_home
