"""The outbox end to end: a real Celery worker process, Redis as the broker, and a Telegram fake that
fails the first attempt. The message must survive the failure and go out on the retry."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from kombu import Exchange, Queue

from config import celery_app
from notifications.models import Notification, TelegramLink
from notifications.services import notify
from tests.fakes.telegram import fake_telegram, sent_messages
from tests.notifications.samples import BOOKING_CONFIRMED

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL (CI does) to run a real Celery worker"
    ),
    # The mark makes pytest-django create the test database; the per-test transaction it would
    # also open is switched off below, because the worker process must see committed rows.
    pytest.mark.django_db,
]

PROJECT = Path(__file__).resolve().parents[2]


def worker_database_url():
    """The URL of the database this test session runs on, for the worker to open the same one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("the worker process cannot reach an in-memory SQLite test database; use DATABASE_URL")
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Overrides pytest-django's fixture of this name, which wraps a marked test in a transaction."""


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access outside any test transaction, so the worker sees what the test commits.
    (`django_db(transaction=True)` would flush every table afterwards, wiping the demo that the
    session seeded once for all tests; this test removes its own rows instead.)"""
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        yield


@pytest.fixture
def real_celery(settings):
    """This process publishes to the broker instead of running tasks in place, on a queue of its own."""
    queue = f"notify-test-{uuid.uuid4().hex[:10]}"
    settings.NOTIFICATIONS_QUEUE = queue
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield queue
    celery_app.conf.task_always_eager = eager
    with celery_app.connection_for_write() as conn:
        # Declared here so this channel knows the binding it then removes along with the queue.
        bound = Queue(queue, Exchange(queue), routing_key=queue)(conn.default_channel)
        bound.declare()
        bound.delete()


@pytest.fixture
def start_worker(real_celery, tmp_path):
    processes = []
    log_path = tmp_path / "worker.log"

    def start(**env):
        node = f"{real_celery}@localhost"
        log = log_path.open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                real_celery,
                "-n",
                node,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=PROJECT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
                "DATABASE_URL": worker_database_url(),
                "NOTIFICATIONS_QUEUE": real_celery,
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[node], timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")
        return process

    start.log_path = log_path
    yield start
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_failing_channel_is_retried_by_the_worker_until_the_message_goes_out(committed_db, start_worker):
    chat_id = 900_000_000 + uuid.uuid4().int % 1_000_000
    user = get_user_model().objects.create_user(email=f"worker-{uuid.uuid4().hex[:8]}@example.com", password="x")
    try:
        TelegramLink.objects.create(user=user, chat_id=chat_id)
        with fake_telegram(known_chats={chat_id}, fail_times=1) as telegram:
            start_worker(
                TELEGRAM_API_URL=telegram.url,
                TELEGRAM_BOT_TOKEN="test-bot-token",
                NOTIFICATIONS_BACKOFF_BASE_SECONDS="1",
            )
            with transaction.atomic():  # the task is published when this commits
                [row] = notify(user, "booking.confirmed", BOOKING_CONFIRMED, channels=["telegram"])

            def sent():
                row.refresh_from_db()
                return row.status != Notification.Status.PENDING

            assert wait_for(sent, 60), (
                f"still {row.status} after {row.attempts} attempts ({row.last_error}); the worker's log:\n"
                + start_worker.log_path.read_text()[-4000:]
            )
        assert (row.status, row.attempts) == (Notification.Status.SENT, 2)
        assert "502" in row.last_error  # the first attempt's failure stays on record
        assert row.sent_at - row.created_at >= datetime.timedelta(seconds=1)  # the backoff was waited out
        assert len(telegram.requests) == 2
        url = BOOKING_CONFIRMED["url"]
        assert sent_messages(telegram)[1] == (str(chat_id), f"{row.subject}\n\n{row.body}\n\n{url}")
    finally:
        Notification.objects.filter(recipient=user).delete()
        user.delete()
