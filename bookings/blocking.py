"""Realtor-closed dates (seed 003, 9.1 «Блокировка дат»): only free nights can be closed.

Saving a block takes the property's row lock, like `create_hold`, so a guest's hold and a realtor's
block of the same nights cannot both pass their checks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import BlockedPeriod, Booking
from catalog.models import RentalPropertyPage


def booking_conflict(period: BlockedPeriod):
    """A ValidationError naming the first stay that holds one of the period's nights, or None."""
    if not (period.rental_id and period.start and period.end):
        return None
    stay = (
        Booking.objects.occupying()
        .overlapping(period.start, period.end)
        .filter(rental_id=period.rental_id)
        .order_by("check_in")
        .first()
    )
    if stay is None:
        return None
    return ValidationError(
        _(
            "На эти даты уже есть бронирование № %(number)s (%(check_in)s–%(check_out)s). "
            "Закрыть можно только свободные даты: выберите другие или сначала отмените бронирование."
        )
        % {
            "number": stay.short_number,
            "check_in": stay.check_in.strftime("%d.%m.%Y"),
            "check_out": stay.check_out.strftime("%d.%m.%Y"),
        },
        code="dates_booked",
    )


def save_blocked_period(period: BlockedPeriod, *, by=None) -> BlockedPeriod:
    """Save the block if none of its nights is booked, else raise ValidationError and save nothing."""
    with transaction.atomic():
        RentalPropertyPage.objects.select_for_update(of=("self",)).filter(pk=period.rental_id).first()
        period.full_clean()  # under the lock: runs the booking check of BlockedPeriod.clean again
        if period.pk is None and by is not None:
            period.created_by = by
        period.save()
    return period
