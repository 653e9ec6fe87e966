"""Messages about a booking to its guest, through the notifications outbox.

Call `send_booking_notice` inside the transaction that changed the booking: the outbox row is
written in it, so a rollback sends nothing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind
from notifications.services import notify

BOOKING_CONTEXT = ("number", "property", "url", "check_in", "check_out")
CONFIRMATION_CONTEXT = (
    *BOOKING_CONTEXT,
    *("address", "check_in_time", "check_out_time", "nights", "total", "realtor", "instructions"),
)
NOTICE_CONTEXT = ("number", "property", "url")

# Registered with the outbox in BookingsConfig.ready().
KINDS = (
    # bookings/tasks.py: a hold ran out, the stay is near
    Kind(
        "booking.hold_expired",
        _("Бронь снята: оплата не поступила"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=NOTICE_CONTEXT,
    ),
    Kind(
        "booking.reminder_checkin",
        _("Напоминание о заезде"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=(*NOTICE_CONTEXT, "check_in"),
    ),
    Kind(
        "booking.new_for_realtor",
        _("Новое бронирование вашего объекта"),
        frozenset({EMAIL, TELEGRAM}),
        context=(*NOTICE_CONTEXT, "check_in", "check_out"),
        for_staff=True,
    ),
    Kind(
        "booking.confirmed",
        _("Бронирование подтверждено"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),  # SMS when the guest asks for it (preferences)
        context=CONFIRMATION_CONTEXT,
    ),
    Kind(
        "booking.reminder_checkout",
        _("Напоминание о выезде"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=BOOKING_CONTEXT,
    ),
    Kind(
        "booking.cancelled",
        _("Бронирование отменено"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=(*BOOKING_CONTEXT, "reason", "refund"),
    ),
    Kind(
        "booking.payment_failed",
        _("Оплата не прошла"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=BOOKING_CONTEXT,
        optional=False,
    ),
    Kind(
        "booking.payment_refunded",
        _("Оплата возвращена"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=(*BOOKING_CONTEXT, "reason", "amount"),
        optional=False,
    ),
)


def booking_url(booking):
    site = booking.rental.get_site()
    root = site.root_url if site else ""
    return root + reverse("bookings:detail", kwargs={"number": booking.number})


def booking_context(booking, **extra):
    return {
        "number": booking.short_number,
        "property": booking.rental.title,
        "url": booking_url(booking),
        "check_in": booking.check_in,
        "check_out": booking.check_out,
        **extra,
    }


def send_booking_notice(booking, kind: str, **extra):
    """Tell the guest about their booking: `kind` is an outbox kind key ("booking.cancelled"...)."""
    return notify(booking.guest, kind, booking_context(booking, **extra))


def confirmation_context(booking):
    """What the confirmation says besides the booking itself: the stay, the total, who to call, how to get in.

    The door codes are not in it: messages are stored in the outbox, the codes only ever on the booking page."""
    rental, owner = booking.rental, booking.rental.owner
    return booking_context(
        booking,
        address=rental.address,
        check_in_time=rental.check_in_time,
        check_out_time=rental.check_out_time,
        nights=booking.nights,
        total=booking.total,
        realtor={
            "name": owner.get_full_name() if owner else "",
            "phone": rental.realtor_phone,
            "email": owner.email if owner else "",
        },
        instructions=rental.check_in_instructions,
    )


def send_booking_confirmed(booking):
    """The guest's confirmation, and the news for the property's realtor."""
    context = confirmation_context(booking)
    sent = notify(booking.guest, "booking.confirmed", context)
    if booking.rental.owner_id:
        sent += notify(booking.rental.owner, "booking.new_for_realtor", context)
    return sent
