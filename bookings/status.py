"""The booking status machine: the only place a booking's status changes (DESIGN.md).

HOLD -> CONFIRMED -> CHECKED_IN -> COMPLETED; HOLD -> EXPIRED; HOLD/CONFIRMED -> CANCELLED.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, BookingStatus, BookingStatusChange

ALLOWED_TRANSITIONS = {
    BookingStatus.HOLD: {BookingStatus.CONFIRMED, BookingStatus.EXPIRED, BookingStatus.CANCELLED},
    BookingStatus.CONFIRMED: {BookingStatus.CHECKED_IN, BookingStatus.CANCELLED},
    BookingStatus.CHECKED_IN: {BookingStatus.COMPLETED},
    BookingStatus.COMPLETED: set(),
    BookingStatus.CANCELLED: set(),
    BookingStatus.EXPIRED: set(),
}


class TransitionNotAllowed(Exception):
    def __init__(self, booking, to_status):
        self.message = _("Нельзя перевести бронирование из статуса «%(from)s» в «%(to)s».") % {
            "from": BookingStatus(booking.status).label,
            "to": BookingStatus(to_status).label,
        }
        super().__init__(self.message)


def can_transition(booking, to_status):
    return to_status in ALLOWED_TRANSITIONS[BookingStatus(booking.status)]


@transaction.atomic
def transition(booking: Booking, to_status, *, by=None, reason=""):
    """Move the booking to `to_status` and write the history line, or raise TransitionNotAllowed.

    The row is re-read under a lock, so two concurrent transitions cannot both pass the check."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if not can_transition(locked, to_status):
        raise TransitionNotAllowed(locked, to_status)
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    BookingStatusChange.objects.create(
        booking=locked, from_status=from_status, to_status=to_status, changed_by=by, reason=reason
    )
    booking.status, booking.updated_at = locked.status, locked.updated_at
    return booking
