"""A real server (runserver on its own database, seeded with the demo) for the browser tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.fakes.sms_ru import fake_sms_ru

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL, ADMIN_PASSWORD = "browser-admin@example.com", "browser-test-password-42"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def separate_database(tmp_path):
    """A database of its own, of the same kind as the test run's; returns (url, drop)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}", lambda: None
    import psycopg

    name = f"browser_{uuid.uuid4().hex[:10]}"
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{admin['port']}/{name}", drop


@pytest.fixture(scope="session")
def browser_executable():
    if not CHROMIUM.exists():
        message = "Chromium is not installed (apt-get install chromium): browser tests skipped."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def sms_server():
    """The fake SMS.ru the demo server sends its codes to."""
    with fake_sms_ru() as service:
        yield service


@pytest.fixture(scope="session")
def demo_server(browser_executable, tmp_path_factory, sms_server):
    """Migrate, seed and serve the demo exactly as `make run` does, on a free port."""
    tmp_path = tmp_path_factory.mktemp("browser")
    database_url, drop_database = separate_database(tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "1",
        "SMS_API_URL": sms_server.url,
        "SMS_API_ID": "test-api-id",
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("seed_demo", "--port", str(port))
    manage("demo_admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://localhost:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("The demo server did not start.")
        yield {"port": port, "url": base_url}
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop_database()


@pytest.fixture(scope="session")
def browser(browser_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser_executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    tab = context.new_page()
    yield tab
    context.close()
