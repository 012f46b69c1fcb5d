"""The API tests use the web tests' published run, users and logged-in clients."""
from tests.web.conftest import client_for, published, users  # noqa: F401
