import io
import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

pytest_plugins = ["tests.fakes.fixtures"]

DEMO_HOSTS = {
    "portal": "localhost",
    "inback": "inback.localhost",
    "avtofamily": "avtofamily.localhost",
    "svoykrug": "svoykrug.localhost",
    "zhilego": "zhilego.localhost",
}


def pytest_configure(config):
    """TEST_CLOCK=2026-12-05T23:30+05:00 runs the whole suite as if started at that moment (the clock
    ticks on from there), to prove that no test depends on the hour or the weekday it runs at."""
    if clock := os.environ.get("TEST_CLOCK"):
        config._session_clock = time_machine.travel(datetime.fromisoformat(clock), tick=True)
        config._session_clock.start()


def pytest_unconfigure(config):
    if clock := getattr(config, "_session_clock", None):
        clock.stop()


def pytest_report_header(config):
    # .ci/run reads this line to prove the suite ran on PostgreSQL.
    lines = [f"database: {connection.vendor}"]
    if clock := os.environ.get("TEST_CLOCK"):
        lines.append(f"clock: {clock}")
    return lines


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo sites, built once per test session; each test runs in a transaction on top."""
    with django_db_blocker.unblock():
        call_command("seed_demo", port=80, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _fresh_cache():
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches language must not leave it switched for the next test on this worker."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
