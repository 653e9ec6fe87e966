"""One delivery attempt of an outbox message, and the retry schedule: no Celery here (tasks.py calls it).

`deliver()` sends one message, retrying with exponential backoff until it goes out or runs out of attempts;
with `services.py` these are the only writers of a Notification's status."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .channels import CHANNELS, DeliveryError
from .models import Notification

logger = logging.getLogger(__name__)

# The dispatcher leaves alone what became due only just now: its task is most likely on its way.
LOST_AFTER = timedelta(minutes=1)
DISPATCH_BATCH = 500


def backoff_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: base, 2×base, 4×base…, capped."""
    seconds = settings.NOTIFICATIONS_BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_BACKOFF_MAX_SECONDS))


def deliver(notification_id: int) -> Notification | None:
    """Make one attempt to send a pending, due message. Returns it when an attempt was made, None when
    there was nothing to do (already sent or failed, not yet due, or another worker holds it)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update(skip_locked=True).filter(pk=notification_id).first()
        now = timezone.now()
        if (
            notification is None
            or notification.status != Notification.Status.PENDING
            or (notification.next_attempt_at and notification.next_attempt_at > now)
        ):
            return None
        notification.attempts += 1
        try:
            CHANNELS[notification.channel].send(notification)
        except DeliveryError as error:
            _record_failure(notification, str(error), permanent=error.permanent, now=now)
        except Exception as error:  # a bug in a channel must not lose the message either
            logger.exception(
                "Notification %s: unexpected error in the %s channel", notification.pk, notification.channel
            )
            _record_failure(notification, f"{type(error).__name__}: {error}", permanent=False, now=now)
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.next_attempt_at = None
        notification.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at"])
    return notification


def _record_failure(notification, error: str, permanent: bool, now):
    notification.last_error = error[:2000]
    if permanent or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        notification.status = Notification.Status.FAILED
        notification.next_attempt_at = None
        logger.warning("Notification %s failed for good: %s", notification.pk, error)
    else:
        notification.next_attempt_at = now + backoff_delay(notification.attempts)


def due_notification_ids(limit: int = DISPATCH_BATCH) -> list[int]:
    """Pending messages overdue by more than LOST_AFTER: their task was lost, so send them again."""
    overdue = timezone.now() - LOST_AFTER
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=overdue)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
