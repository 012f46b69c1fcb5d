import pytest

from tests.web.factories import users_make

from .world import world_make


@pytest.fixture
def world(db, cakupan_home):
    return world_make()


@pytest.fixture
def users(db):
    return users_make()
