"""Messages about a booking to its guest, through the notifications outbox.

Call `send_booking_notice` inside the transaction that changed the booking: the outbox row is
written in it, so a rollback sends nothing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind, register
from notifications.services import notify

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

# What the booking code says -> the outbox's kind.
KINDS = {
    "confirmed": "booking.confirmed",
    "hold_expired": "booking.hold_expired",
    "reminder_checkin_24h": "booking.reminder_checkin",
    "reminder_checkin_day": "booking.reminder_checkin",
    "reminder_checkout_24h": "booking.reminder_checkout",
    "cancelled": "booking.cancelled",
}


def booking_url(booking):
    site = booking.rental.get_site()
    root = site.root_url if site else ""
    return root + reverse("bookings:detail", kwargs={"number": booking.number})


def send_booking_notice(booking, kind, **extra):
    context = {
        "number": booking.short_number,
        "property": booking.rental.title,
        "url": booking_url(booking),
        "check_in": booking.check_in,
        "check_out": booking.check_out,
        **extra,
    }
    return notify(booking.guest, KINDS[kind], context)
