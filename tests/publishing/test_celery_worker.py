"""A publication end to end on a real Celery worker process (Redis as the broker): the fake Bot API fails the
first send, the task retries itself after the backoff, and the ad goes out once. The worker fixtures are the
notifications' (tests/notifications/test_celery_worker.py); like that test it needs REDIS_URL."""

import os
import uuid

import pytest
from django.db import transaction
from wagtail.models import Site

from catalog.models import CarAdPage
from publishing import services
from publishing.models import PlatformAccount, Publication
from tests.fakes.telegram import fake_telegram
from tests.notifications import test_celery_worker as worker

# The notifications' fixtures, used here by name.
_django_db_marker = worker._django_db_marker
committed_db = worker.committed_db
real_celery = worker.real_celery
start_worker = worker.start_worker
wait_for = worker.wait_for

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL to run a real worker"),
    pytest.mark.django_db,
]


def test_a_failed_send_is_retried_by_the_worker_with_backoff(committed_db, real_celery, start_worker, settings):
    settings.PUBLISHING_QUEUE = real_celery
    home = Site.objects.get(hostname="avtofamily.localhost").root_page
    ad = CarAdPage.objects.descendant_of(home).live().filter(status="available").order_by("path").first()
    previous = list(PlatformAccount.objects.filter(platform="telegram").values_list("pk", flat=True))
    PlatformAccount.objects.filter(pk__in=previous).update(platform=f"old-{uuid.uuid4().hex[:6]}")
    account = None
    try:
        with fake_telegram(fail_times=1) as telegram:
            account = PlatformAccount(platform="telegram", name="worker test", target="@worker", base_url=telegram.url)
            account.token = "test-bot-token"
            account.save()
            start_worker(PUBLISHING_QUEUE=real_celery, PUBLISHING_BACKOFF_BASE_SECONDS="1")
            with transaction.atomic():  # the task is published when this commits
                publication = services.queue_publish(ad, account)

            def done():
                publication.refresh_from_db()
                return publication.state not in (Publication.State.QUEUED, Publication.State.PUBLISHING)

            assert wait_for(done, 60), (
                f"still {publication.state} after {publication.attempts} ({publication.last_error}); its log:\n"
                + start_worker.log_path.read_text()[-4000:]
            )
        assert (publication.state, publication.attempts) == (Publication.State.PUBLISHED, 2)
        assert len(telegram.requests) == 2 and len(telegram.channel) >= 1
        retried = publication.events.filter(to_state=Publication.State.QUEUED, note__contains="502").get()
        sent = publication.events.get(to_state=Publication.State.PUBLISHED)
        assert (sent.at - retried.at).total_seconds() >= 1  # the backoff was waited out
    finally:
        if account is not None:
            Publication.objects.filter(account=account).delete()
            account.delete()
        for pk in previous:
            PlatformAccount.objects.filter(pk=pk).update(platform="telegram")
