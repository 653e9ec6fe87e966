"""Celery tasks: thin, safe to run twice. The outbox rows are the truth; a task only delivers."""

from celery import shared_task
from django.conf import settings

from . import delivery


def enqueue(notification_id: int, eta=None):
    send_notification.apply_async((notification_id,), eta=eta, queue=settings.NOTIFICATIONS_QUEUE or None)


@shared_task(bind=True, ignore_result=True)
def send_notification(self, notification_id):
    notification = delivery.deliver(notification_id)
    if notification is not None and notification.status == notification.Status.PENDING:
        if self.request.is_eager:
            # Without a broker the retry would run at once, inside the request; the dispatcher
            # picks the message up when it is due instead.
            return
        enqueue(notification.pk, eta=notification.next_attempt_at)


@shared_task(ignore_result=True)
def dispatch_due_notifications():
    """Every minute (beat): re-enqueue pending messages whose task was lost."""
    for notification_id in delivery.due_notification_ids():
        enqueue(notification_id)
