"""The seeded demo, built once per test run into a template database and copied for each user of it.

The first process of a run to take the lock migrates and seeds the template; the others wait for it.
Every xdist worker then tests on a copy of its own (tests/conftest.py), and the browser tests' server
runs on another (tests/browser/conftest.py). Copies are cheap: PostgreSQL's CREATE DATABASE ... TEMPLATE,
or a file copy on SQLite. The process that owns the run (xdist's controller, or the only process) drops
the template at the end.

The helpers that copy and drop use plain psycopg or file operations, not Django's connection, so the
browser server's background thread can use them too."""

import fcntl
import io
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

LOCK = "demo-database.lock"
MARKER = "demo-database.json"  # written once the template is complete: {"vendor": ..., "name": ...}


def worker_id(config):
    """This process's xdist worker ("gw0", "gw1", ...), or "master" in a run without xdist."""
    return getattr(config, "workerinput", {}).get("workerid", "master")


def shared_dir(tmp_path_factory, worker):
    """The folder that describes this run's template: DEMO_TEMPLATE_DIR when `make test` built the template
    beforehand, beside the checks (`python -m tests.demo_database`); else the run's temporary folder, shared by
    all xdist workers (the pytest-xdist recipe)."""
    if prebuilt := os.environ.get("DEMO_TEMPLATE_DIR"):
        return Path(prebuilt)
    base = tmp_path_factory.getbasetemp()
    return base.parent if worker != "master" else base


@contextmanager
def locked(folder):
    with (Path(folder) / LOCK).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def template(folder):
    """{"vendor", "name"} of the finished template, or None while it is not built."""
    marker = Path(folder) / MARKER
    return json.loads(marker.read_text()) if marker.exists() else None


def ensure_template(folder):
    """Build the template unless another process of this run has: migrate, then `seed_demo --port 80
    --translations sample`.
    Call with database access allowed; leaves the connection closed and pointing at the template."""
    with locked(folder):
        if built := template(folder):
            return built
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "demo-template.sqlite3")
        else:
            drop(connection.settings_dict, connection.creation._get_test_db_name())  # left over from a crashed run
        name = migrated_database()
        clear_caches()  # a previous run's Redis would hold renditions and settings of rows with the same ids
        with indexed_for_search():
            # Kazakh and English for the sections and two pages of each type under each parent, not for every
            # listing: the same page types and routes at a third of the pages (tests/demo/test_translations.py
            # translates one brand whole, as `make run` does every brand).
            call_command("seed_demo", port=80, translations="sample", stdout=io.StringIO())
        connection.close()  # PostgreSQL copies a template only while nobody is connected to it
        built = {"vendor": connection.vendor, "name": name}
        (Path(folder) / MARKER).write_text(json.dumps(built))
        return built


def clear_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


def migrated_database():
    """Create the test database with every migration applied, and return its name.

    Migrating costs minutes of Python (Django renders the models' states after each of some 300 operations), and
    gives the same schema until a migration changes. So, as Django's --keepdb and pytest-django's --reuse-db keep
    a test database, the migrated database is kept on the database server (a file in ~/.cache on SQLite), named
    by a hash of every migration file, and copied from the next time. DEMO_TEMPLATE_FRESH=1 migrates anyway."""
    db = connection.settings_dict
    cached = f"test_migrated_{migrations_key()}"
    if db["ENGINE"].endswith("sqlite3"):
        cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "platform-tests" / f"{cached}.sqlite3"
        name = db["TEST"]["NAME"]
        if cache.exists() and not os.environ.get("DEMO_TEMPLATE_FRESH"):
            shutil.copyfile(cache, name)
            return use_test_database(name, "copied from the migrated database kept in " + str(cache))
        started = time.monotonic()
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        connection.close()
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("test_migrated_*.sqlite3"):
            old.unlink()
        shutil.copyfile(name, cache)
        return report(name, f"migrated in {time.monotonic() - started:.0f} s, kept as {cache}")
    name = connection.creation._get_test_db_name()
    with admin_connection(db) as conn:
        if os.environ.get("DEMO_TEMPLATE_FRESH"):
            conn.execute(f'DROP DATABASE IF EXISTS "{cached}" WITH (FORCE)')
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cached]).fetchone():
            copy_database(conn, cached, name)
            return use_test_database(name, f"copied from the migrated database {cached}")
    started = time.monotonic()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    with admin_connection(db) as conn:
        # Other branches' migrations are kept too, up to the three most recent.
        kept = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_migrated_%%' ORDER BY oid DESC"
        ).fetchall()
        for (old,) in kept[2:]:
            conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        copy_database(conn, name, cached)
    return report(name, f"migrated in {time.monotonic() - started:.0f} s, kept as {cached}")


def migrations_key():
    """A hash of every migration Django would apply (the project's and the packages'), of the settings migrations
    read, and of Django's version: the same key, the same migrated schema and data."""
    import hashlib

    import django
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(f"{django.__version__} {settings.LANGUAGE_CODE} {settings.LANGUAGES}".encode())
    for app in settings.INSTALLED_APPS:
        digest.update(app.encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        digest.update(str(key).encode())
        digest.update(Path(sys.modules[loader.disk_migrations[key].__module__].__file__).read_bytes())
    return digest.hexdigest()[:16]


def use_test_database(name, how):
    """Point the default connection at the copied test database, as create_test_db leaves it."""
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    return report(name, how)


def report(name, how):
    sys.stderr.write(f"demo template: {how}\n")
    return name


def indexed_for_search():
    """The demo is indexed for search as `make run` indexes it (the test settings leave the index alone)."""
    from django.test import override_settings

    backends = {alias: {**backend, "AUTO_UPDATE": True} for alias, backend in settings.WAGTAILSEARCH_BACKENDS.items()}
    return override_settings(WAGTAILSEARCH_BACKENDS=backends)


def wait_for_template(folder, stop, timeout=900):
    """The template's description once some process has built it; None if `stop` is set first."""
    deadline = time.monotonic() + timeout
    while not (built := template(folder)):
        if stop.wait(0.5) or time.monotonic() > deadline:
            return None
    return built


def copy_name(built, suffix):
    if built["vendor"] == "sqlite":
        path = Path(built["name"])
        return str(path.with_name(f"demo-{suffix}{path.suffix}"))
    return f"{built['name']}_{suffix}"


def clone(folder, db, built, suffix):
    """A fresh copy of the template; returns its name (a database name, or a file path on SQLite)."""
    name = copy_name(built, suffix)
    with locked(folder):  # one copy at a time, never while the template is being written
        if built["vendor"] == "sqlite":
            shutil.copyfile(built["name"], name)
        else:
            with admin_connection(db) as conn:
                copy_database(conn, built["name"], name)
    return name


def copy_database(conn, source, target):
    """CREATE DATABASE target TEMPLATE source, over a `target` left by an earlier run (PostgreSQL)."""
    conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def drop(db, name):
    if db["ENGINE"].endswith("sqlite3"):
        Path(name).unlink(missing_ok=True)
        return
    with admin_connection(db) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template(folder):
    if built := template(folder):
        drop(settings.DATABASES["default"], built["name"])


def admin_connection(db):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
    )


def database_url(db, name):
    """A DATABASE_URL for the copy `name`, for a server started in another process."""
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    # Commits without waiting for the disk, as the tests' own connections (config/settings/test.py).
    options = "?options=-c%20synchronous_commit%3Doff"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}{options}"


if __name__ == "__main__":
    # `make test` builds the template while the linters and checks run: python -m tests.demo_database <folder>
    import django
    from django.test.utils import setup_test_environment

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    setup_test_environment()  # as pytest-django does: the mail outbox in memory, `testserver` allowed
    ensure_template(sys.argv[1])
