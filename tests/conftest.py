import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.signal_handlers import reference_index_auto_update_disabled

from tests import demo_database

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


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    # xdist's controller, or a run without xdist; DEMO_TEMPLATE_KEEP=1 keeps a prebuilt template for the next run.
    if not hasattr(session.config, "workerinput") and not os.environ.get("DEMO_TEMPLATE_KEEP"):
        demo_database.drop_template(demo_database.shared_dir(session.config._tmp_path_factory, "master"))


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    """The demo sites, seeded once per run into a template database (tests/demo_database.py); this
    process tests on a copy of it, and each test runs in a transaction on top."""
    worker = demo_database.worker_id(request.config)
    folder = demo_database.shared_dir(tmp_path_factory, worker)
    db = connection.settings_dict
    with django_db_blocker.unblock():
        built = demo_database.ensure_template(folder)
        db["NAME"] = demo_database.clone(folder, db, built, worker)
        connection.close()
    yield
    with django_db_blocker.unblock():
        connection.close()
        demo_database.drop(db, db["NAME"])


@pytest.fixture
def search_index(settings):
    """Pages and snippets saved by the test are indexed for search as they are in production (the test
    settings leave the index alone)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        alias: {**backend, "AUTO_UPDATE": True} for alias, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture(autouse=True)
def _reference_index(request):
    """Saving a page or a snippet updates Wagtail's reference index (what uses what: the admin's «Usage» and the
    warnings before a delete), a good part of what a factory-made page costs. Most tests never read it: it is
    left as the demo template has it, and the tests that read it ask for `reference_index`."""
    # Wagtail's own switch, set rather than entered: its context manager cannot be nested (the car import enters it)
    reference_index_auto_update_disabled.value = "reference_index" not in request.fixturenames
    yield
    reference_index_auto_update_disabled.value = False


@pytest.fixture
def reference_index():
    """Pages and snippets saved by the test update the reference index, as in production."""


@pytest.fixture(autouse=True)
def _fresh_cache():
    demo_database.clear_caches()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches language must not leave it switched for the next test on this worker."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
