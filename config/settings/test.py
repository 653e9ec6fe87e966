"""Test run: fast hashing, plain static storage, quiet logs. DATABASE_URL and REDIS_URL
still decide the database and cache, so CI exercises PostgreSQL and Redis."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = BASE_DIR / "media-test"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING["root"]["level"] = "WARNING"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Admin tests log staff in directly; tests/accounts/test_mfa.py turns the requirement on.
MFA_REQUIRED_FOR_STAFF = False

# Each pytest-xdist worker gets its own Redis database, so clearing the cache between tests never touches
# another worker's entries: databases 10-15 when REDIS_URL names database 0 (the broker's, as in CI), else the
# database REDIS_URL names plus the worker's number, so test runs side by side on one Redis (REDIS_URL .../3,
# .../6) do not flush each other's sessions.
if REDIS_URL:
    worker_number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    parts = urlsplit(REDIS_URL)
    run_database = int(parts.path.strip("/") or 0)
    cache_database = 10 + worker_number % 6 if run_database == 0 else (run_database + worker_number) % 16
    test_redis_url = urlunsplit(parts._replace(path=f"/{cache_database}"))
    for alias in CACHES:
        CACHES[alias]["LOCATION"] = test_redis_url
# Deal payout documents written by tests (and the demo seed they run) stay out of the project folder.
LEADS_DOCUMENTS_ROOT = BASE_DIR / "media-test" / "private"
# Connectors wait out rate limits through this: the tests record the waits instead of sleeping.
CONNECTOR_SLEEP = "tests.fakes.partners.record_sleep"
# The assistant retries a failing model without waiting.
ASSISTANT_LLM_BACKOFF = 0
ASSISTANT_LLM_TIMEOUT = 3
# Test databases are thrown away, so a commit need not wait for the disk to flush the WAL (an fsync costs
# 5-8 ms on this machine, and migrating and seeding the demo commits thousands of times). Only durability is
# given up: locks, constraints and isolation, which the race tests prove, are unchanged.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
# Saving a page or a snippet updates the search index at once, a good part of what a factory-made page costs;
# most tests never search, so the index stays as the demo template left it, and the tests that search turn
# updates back on with the `search_index` fixture (tests/conftest.py).
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
