"""Door codes: who sets them, who sees them, and the log line every look leaves (seed 003, scenarios 2, 5, 9, 10).

A reveal checks the rule, decrypts and writes the log line in one transaction: no log line, no codes."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bookings.models import Booking, BookingStatus, DoorCodeReveal, DoorCodes, RentalAccess
from bookings.permissions import can_reveal_door_codes


class DoorCodesRefused(PermissionDenied):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


class NoDoorCodes(Exception):
    message = gettext_lazy("Риелтор ещё не указал коды доступа. Свяжитесь с ним, чтобы узнать, как попасть в квартиру.")


def refusal_message(booking_or_rental):
    if isinstance(booking_or_rental, Booking):
        status = booking_or_rental.status
        if status == BookingStatus.HOLD:
            return _("Коды доступа откроются после оплаты бронирования.")
        if status not in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN):
            return _("Коды доступа больше не показываются: бронирование в статусе «%(status)s».") % {
                "status": BookingStatus(status).label
            }
    return _("У вас нет доступа к кодам этого объекта.")


def reveal_door_codes(*, user, ip, booking=None, rental=None) -> DoorCodes:
    """The codes for `user` through a booking (guests) or for a property (its realtor and the staff above).

    Raises DoorCodesRefused when the rule says no, NoDoorCodes when none are set; neither writes anything."""
    with transaction.atomic():
        if booking is not None:
            # Hold the booking still: a cancellation cannot slip between the check and the reveal.
            booking = Booking.objects.select_for_update(of=("self",)).select_related("rental").get(pk=booking.pk)
            rental, subject = booking.rental, booking
        else:
            subject = rental
        if not can_reveal_door_codes(user, subject):
            raise DoorCodesRefused(refusal_message(subject))
        access = RentalAccess.objects.filter(rental=rental).first()
        if access is None:
            raise NoDoorCodes
        codes = access.decrypt_codes()
        DoorCodeReveal.objects.create(user=user, rental=rental, booking=booking, ip_address=ip)
    return codes


def save_door_codes(rental, codes: DoorCodes, *, by) -> RentalAccess:
    """Replace the property's codes (encrypted with the current key). Same people as for revealing."""
    if not can_reveal_door_codes(by, rental):
        raise DoorCodesRefused(refusal_message(rental))
    with transaction.atomic():
        access = RentalAccess.objects.select_for_update().filter(rental=rental).first() or RentalAccess(rental=rental)
        access.set_codes(codes)
        access.updated_by = by
        access.save()
    return access
