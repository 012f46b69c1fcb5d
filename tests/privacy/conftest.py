import pytest


@pytest.fixture
def world(db, cakupan_home):
    """The explain tests' small region with run folders (tests/explain/world.py)."""
    from tests.explain.world import world_make

    return world_make()
