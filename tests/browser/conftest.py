"""A real server (runserver on its own copy of the seeded demo database) for the browser tests."""

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests import demo_database
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
DEMO_PASSWORD = "Browser-demo-pass-42"  # of every demo account (members, cashiers, staff) on the server
SERVER = pytest.StashKey["DemoServer"]()
# Every page of ours reports what its Content-Security-Policy refused to the console, where the test's
# context collects it: a test fails on any violation (frames of other sites, e.g. a video player, aside).
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (!location.hostname.endsWith("localhost")) return;
  console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.documentURI} ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """runserver in DEBUG, as `make run` serves the demo, on a copy of the run's demo template
    (tests/demo_database.py) with the club's demo added, with the fake SMS.ru it sends its codes to.

    It starts when the first browser test asks for it, on the xdist worker that runs the browser group: starting
    one on every worker at collection, in case, cost the other worker a server it never used."""

    def __init__(self, folder, worker_id):
        self.folder, self.worker_id = folder, worker_id
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.sms = fake_sms_ru()
        self.process = self.database = self.error = None
        self.db = dict(settings.DATABASES["default"])  # before this worker points it at its own copy
        self.ready, self.stopping = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self.start, name="demo-server", daemon=True)

    def launch(self):
        if not self.thread.is_alive() and not self.ready.is_set():
            self.thread.start()

    def start(self):
        try:
            self.sms.__enter__()
            built = demo_database.wait_for_template(self.folder, self.stopping)
            if built is None:
                return
            self.database = demo_database.clone(self.folder, self.db, built, f"browser_{self.worker_id}")
            media = self.folder / f"browser-{self.worker_id}"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "DATABASE_URL": demo_database.database_url(self.db, self.database),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # where the template's images are
                "LEADS_DOCUMENTS_ROOT": str(media / "private"),
                "DEBUG": "1",
                "SMS_API_URL": self.sms.url,
                "SMS_API_ID": "test-api-id",
            }
            env.pop("REDIS_URL", None)
            self.env = env
            manage = [sys.executable, "manage.py"]
            # The admin the tests sign in as, the club's members and a year of their purchases, and one password for
            # every demo login: in one process, since each Django start-up costs seconds.
            prepare = (
                "from django.core.management import call_command as run; "
                f"run('demo_admin', email='{ADMIN_EMAIL}', password='{ADMIN_PASSWORD}', port={self.port}); "
                f"run('seed_demo_club'); run('demo_logins', password='{DEMO_PASSWORD}')"
            )
            subprocess.run([*manage, "shell", "-c", prepare], cwd=PROJECT, env=env, check=True, capture_output=True)
            self.process = subprocess.Popen(
                [*manage, "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(300):
                try:
                    urllib.request.urlopen(self.url + "/robots.txt", timeout=1)
                    return
                except OSError:
                    if self.stopping.wait(0.2):
                        return
            raise RuntimeError("The demo server did not start.")
        except BaseException as error:  # reported to the test that asks for the server
            self.error = error
        finally:
            self.ready.set()

    def manage(self, *args):
        """Run a management command on the server's database (with its settings); returns what it printed."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=self.env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def wait(self):
        self.ready.wait()
        if self.error:
            detail = getattr(self.error, "stderr", b"") or b""
            pytest.fail(f"The demo server did not start: {self.error!r} {detail.decode(errors='replace')}")

    def stop(self):
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=60)
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.database:
            demo_database.drop(self.db, self.database)
        self.sms.__exit__(None, None, None)


def pytest_collection_finish(session):
    """Prepare a demo server if browser tests are to run here and Chromium can drive them."""
    config = session.config
    if not CHROMIUM.exists() or not any(item.get_closest_marker("browser") for item in session.items):
        return
    worker = demo_database.worker_id(config)
    folder = demo_database.shared_dir(config._tmp_path_factory, worker)
    config.stash[SERVER] = server = DemoServer(folder, worker)
    config.add_cleanup(server.stop)


@pytest.fixture(scope="session")
def browser_executable():
    if not CHROMIUM.exists():
        message = "Chromium is not installed (apt-get install chromium): browser tests skipped."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def demo_server(request, browser_executable, django_db_setup):
    """The demo server, started now (django_db_setup builds the demo template if nobody has yet)."""
    server = request.config.stash[SERVER]
    server.launch()
    server.wait()
    return {"port": server.port, "url": server.url, "manage": server.manage}


@pytest.fixture(scope="session")
def sms_server(request, demo_server):
    """The fake SMS.ru the demo server sends its codes to."""
    return request.config.stash[SERVER].sms


@pytest.fixture(scope="session")
def browser(browser_executable, demo_server):
    """Chromium, started after the demo server: Playwright's event loop would keep django_db_setup from
    building the demo template."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser_executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class WatchedContexts:
    """Makes browser contexts that collect the CSP violations of their pages in `violations`."""

    def __init__(self, browser):
        self.browser, self.contexts, self.violations = browser, [], []

    def __call__(self, **options):
        context = self.browser.new_context(**options)
        context.add_init_script(CSP_WATCH)
        context.on("console", self.console)
        self.contexts.append(context)
        return context

    def console(self, message):
        if message.text.startswith("CSP violation"):
            self.violations.append(message.text)


@pytest.fixture
def new_context(browser):
    """`new_context(**options)`: a browser context; the test fails if any of its pages had a CSP violation."""
    contexts = WatchedContexts(browser)
    yield contexts
    for context in contexts.contexts:
        context.close()
    if contexts.violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(contexts.violations))


@pytest.fixture
def page(new_context):
    return new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
