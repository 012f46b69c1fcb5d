"""Shared test setup. Under CI (CI=true) with CAKUPAN_TEST_DB=postgres the suite must reach
PostgreSQL: a missing server fails the run rather than skipping it."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# CI explores the same examples every run (a property failure is then reproducible, not flaky);
# locally each run explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_sessionstart(session):
    if os.environ.get("CAKUPAN_TEST_DB") == "postgres":
        import psycopg

        url = os.environ.get("CAKUPAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except Exception as exc:  # noqa: BLE001
            pytest.exit(f"PostgreSQL is required for this run and cannot be reached at {url}: {exc}", returncode=3)


@pytest.fixture
def cakupan_home(tmp_path, monkeypatch, settings):
    """An isolated CAKUPAN_HOME for tests that write snapshots or runs."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CAKUPAN_HOME", str(home))
    settings.CAKUPAN_HOME = home
    return home


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request made by an earlier test (the test
    client runs LocaleMiddleware in this thread) must not leave English active."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


# fixtures that open the test database; a test using one must carry the django_db marker, or the
# PostgreSQL pass of `make test` (-m django_db) leaves it out (tests/test_database_markers.py)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "admin_user", "admin_client", "django_user_model", "live_server"}


def pytest_collection_modifyitems(config, items):
    config.cakupan_unmarked_db_tests = [
        item.nodeid for item in items
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("django_db") is None
    ]
