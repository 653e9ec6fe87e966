"""Celery tasks: thin, safe to run twice. The outbox rows are the truth; a task only delivers."""

from celery import shared_task

from . import services


@shared_task(bind=True, ignore_result=True)
def send_notification(self, notification_id):
    notification = services.deliver(notification_id)
    if notification is not None and notification.status == notification.Status.PENDING:
        if self.request.is_eager:
            # Without a broker the retry would run at once, inside the request; the dispatcher
            # picks the message up when it is due instead.
            return
        services.enqueue(notification.pk, eta=notification.next_attempt_at)


@shared_task(ignore_result=True)
def dispatch_due_notifications():
    """Every minute (beat): re-enqueue pending messages whose task was lost."""
    for notification_id in services.due_notification_ids():
        services.enqueue(notification_id)
