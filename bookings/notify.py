"""Messages about a booking to its guest, through the notifications outbox.

Call `send_booking_notice` inside the transaction that changed the booking: the outbox row is
written in it, so a rollback sends nothing."""

import logging

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind, register
from notifications.services import notify

logger = logging.getLogger(__name__)

BOOKING_CONTEXT = ("number", "property", "url", "check_in", "check_out")

register(
    Kind(
        "booking.reminder_checkout",
        _("Напоминание о выезде"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=BOOKING_CONTEXT,
    )
)
register(
    Kind(
        "booking.cancelled",
        _("Бронирование отменено"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=(*BOOKING_CONTEXT, "reason", "refund"),
    )
)

register(
    Kind(
        "booking.payment_failed",
        _("Оплата не прошла"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=BOOKING_CONTEXT,
        optional=False,
    )
)
register(
    Kind(
        "booking.payment_refunded",
        _("Оплата возвращена"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=(*BOOKING_CONTEXT, "reason", "amount"),
        optional=False,
    )
)

# What the booking code says -> the outbox's kind.
KINDS = {
    "booking_confirmed": "booking.confirmed",
    "booking_cancelled": "booking.cancelled",
    "payment_failed": "booking.payment_failed",
    "payment_refunded": "booking.payment_refunded",
    "hold_expired": "booking.hold_expired",
    "reminder_checkin_24h": "booking.reminder_checkin",
    "reminder_checkin_day": "booking.reminder_checkin",
    "reminder_checkout_24h": "booking.reminder_checkout",
}


def booking_url(booking):
    site = booking.rental.get_site()
    root = site.root_url if site else ""
    return root + reverse("bookings:detail", kwargs={"number": booking.number})


def send_booking_notice(booking, kind, **extra):
    if kind == "refund_failed":
        # For staff, not the guest: the failed Refund row is listed in the admin for a retry.
        logger.warning("booking %s: refund of %s failed at the provider", booking.number, extra.get("amount"))
        return []
    if kind == "booking_cancelled":
        extra.setdefault("reason", "")
    context = {
        "number": booking.short_number,
        "property": booking.rental.title,
        "url": booking_url(booking),
        "check_in": booking.check_in,
        "check_out": booking.check_out,
        **extra,
    }
    sent = notify(booking.guest, KINDS[kind], context)
    if kind == "booking_confirmed" and booking.rental.owner_id:
        sent += notify(booking.rental.owner, "booking.new_for_realtor", context)
    return sent
