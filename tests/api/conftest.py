import pytest

from tests.web.factories import run_make, users_make


@pytest.fixture
def published(db):
    return run_make()


@pytest.fixture
def users(db):
    return users_make()


@pytest.fixture
def client_for(client, users):
    """client_for("kalurahan") -> a test client logged in as that user."""
    def login(name):
        client.force_login(users[name])
        return client
    return login
