"""Telling the guest and the realtor what happened to a booking.

TODO(lead): wire to the notifications outbox (`notifications.notify(user, kind, context)`) once it
is merged. Kinds sent from payments and cancellations:
- "booking_confirmed": paid, booking CONFIRMED (guest and realtor);
- "payment_failed": the provider declined; the guest may retry while the hold lasts;
- "payment_refunded": money came for a booking that can no longer take it (the hold expired and the
  dates were taken, the booking was cancelled or already paid); refunded in full, guest told why;
- "booking_cancelled": cancelled by the guest or by the realtor (reason in the status history),
  with the refund amount if any (guest and realtor);
- "refund_failed": the provider refused a refund; staff must retry it (superuser).
"""

import logging

logger = logging.getLogger(__name__)


def send_booking_notice(booking, kind: str, **context) -> None:
    """A placeholder that only logs, until the notifications outbox exists (see the module docstring)."""
    logger.info("booking %s: notice %s %s", booking.number, kind, context)
