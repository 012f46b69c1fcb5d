"""Tests. CAKUPAN_TEST_DB=postgres runs them against the PostgreSQL server on 127.0.0.1:5432."""
import os

import dj_database_url

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# the suite's fixtures are the synthetic Bantul: its areas are there from the start (a fresh
# production instance starts with none: tests/wilayah/test_seed_region.py)
CAKUPAN_REGION = os.environ.get("CAKUPAN_REGION", "34.02")
AXES_ENABLED = os.environ.get("CAKUPAN_TEST_AXES", "0") == "1"
if os.environ.get("CAKUPAN_TEST_DB") == "postgres":
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("CAKUPAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
        )
    }
    # one test database per test process, so parallel runs on one server do not collide
    DATABASES["default"]["TEST"] = {"NAME": f"test_cakupan_{os.getpid()}"}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# The suite makes hundreds of API requests a minute from one user: rate limits high enough never to
# interfere (tests/api/test_api_integrations.py lowers them to see a 429).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"}}  # noqa: F405
