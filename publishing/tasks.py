"""Celery tasks: thin and safe to run twice (services.start_attempt takes only a queued, due row under a lock).
A temporary failure is retried by Celery after services.backoff (exponential); the row keeps the truth
(`next_attempt_at`), so dispatch_due_publications re-enqueues whatever a lost task left behind."""

from celery import shared_task
from django.conf import settings

from publishing import services


def enqueue(publication_id, eta=None):
    run_publication.apply_async((publication_id,), eta=eta, queue=settings.PUBLISHING_QUEUE or None)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def run_publication(self, publication_id):
    outcome = services.attempt(publication_id)
    if outcome is None or outcome.retry_in is None:
        return
    if self.request.is_eager:
        # Without a broker a retry would run at once, inside the request; the dispatcher picks it up when due.
        return
    raise self.retry(countdown=max(outcome.retry_in, 1), queue=settings.PUBLISHING_QUEUE or None)


@shared_task(ignore_result=True)
def reconcile_publication(publication_id):
    services.reconcile(publication_id)


@shared_task(ignore_result=True)
def dispatch_due_publications():
    """Every minute (beat): scheduled publications that fell due, retries whose task was lost, stuck sends,
    and unknown ones to check on the platform."""
    services.recover_stuck()
    for publication_id in services.due_publication_ids():
        enqueue(publication_id)
    for publication_id in services.due_reconcile_ids():
        reconcile_publication.apply_async((publication_id,), queue=settings.PUBLISHING_QUEUE or None)


@shared_task(ignore_result=True)
def sync_ads(ad_ids):
    """Ads changed in bulk (catalog.signals.car_ads_changed): bring each one's posts in line."""
    services.sync_ads(ad_ids)
