"""After the hold: cancelling (with the refund policy), checking in, checking out.

Statuses change only through `bookings.status.transition`; money goes back through
`bookings.payments.services.request_refund`, sent to the provider after the commit.

The guest's refund depends on the time left before check-in: the booking's check-in date at the
property's check-in time, in BOOKING_TIME_ZONE (Astana), against BOOKING_REFUND_POLICY, a list of
(hours, percent): 100% at least 24 h before, 50% at least 12 h before, nothing later. A realtor's
cancellation refunds everything. A hold cancelled before payment has nothing to refund; if its
payment arrives afterwards, the webhook refunds it in full.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking, BookingStatus, Payment
from bookings.notify import send_booking_notice
from bookings.payments.fees import percent_of
from bookings.payments.services import PAID_STATUSES, refundable_amounts, request_refund
from bookings.permissions import can_manage_booking
from bookings.status import transition


@dataclass(frozen=True)
class CancellationTerms:
    percent: int
    paid: Decimal  # what the guest paid and has not had back yet
    refunds: list = field(default_factory=list)  # (payment, amount) pairs

    @property
    def refund(self) -> Decimal:
        return sum((amount for _payment, amount in self.refunds), Decimal(0))


def booking_zone():
    return ZoneInfo(settings.BOOKING_TIME_ZONE)


def check_in_moment(booking) -> datetime:
    return datetime.combine(booking.check_in, booking.rental.check_in_time, tzinfo=booking_zone())


def refund_percent(booking, now=None) -> int:
    hours_left = (check_in_moment(booking) - (now or timezone.now())) / timedelta(hours=1)
    for hours, percent in sorted(settings.BOOKING_REFUND_POLICY, reverse=True):
        if hours_left >= hours:
            return percent
    return 0


def _terms(percent, payments, left) -> CancellationTerms:
    refunds = [(payment, percent_of(left[payment.pk], percent)) for payment in payments]
    return CancellationTerms(
        percent=percent,
        paid=sum((left[payment.pk] for payment in payments), Decimal(0)),
        refunds=[(payment, amount) for payment, amount in refunds if amount > 0],
    )


def cancellation_terms(booking, percent: int, *, lock=False) -> CancellationTerms:
    payments = Payment.objects.filter(booking=booking, status__in=PAID_STATUSES).order_by("pk")
    payments = list(payments.select_for_update() if lock else payments)
    return _terms(percent, payments, refundable_amounts(payments))


def guest_cancellation_terms(booking, now=None) -> CancellationTerms:
    """What the guest would get back if they cancelled now (shown before they confirm)."""
    return cancellation_terms(booking, refund_percent(booking, now))


def guest_cancellation_terms_for(bookings, now=None) -> dict[int, CancellationTerms]:
    """`guest_cancellation_terms` of many bookings (with their rentals loaded) in two queries: {booking id: terms}."""
    payments = list(Payment.objects.filter(booking__in=bookings, status__in=PAID_STATUSES).order_by("pk"))
    left = refundable_amounts(payments)
    by_booking = defaultdict(list)
    for payment in payments:
        by_booking[payment.booking_id].append(payment)
    now = now or timezone.now()
    return {booking.pk: _terms(refund_percent(booking, now), by_booking[booking.pk], left) for booking in bookings}


def cancel_by_guest(booking, guest, *, now=None) -> CancellationTerms:
    """Cancel the guest's own HOLD or CONFIRMED booking and refund by the policy; TransitionNotAllowed otherwise."""
    if booking.guest_id != guest.pk:
        raise PermissionDenied
    with transaction.atomic():
        # The booking row only: also locking the property here would invert the webhook's lock order.
        booking = Booking.objects.select_for_update(of=("self",)).select_related("rental").get(pk=booking.pk)
        transition(booking, BookingStatus.CANCELLED, by=guest, reason=_("Отменено гостем"))
        terms = cancellation_terms(booking, refund_percent(booking, now), lock=True)
        for payment, amount in terms.refunds:
            reason = _("Отмена гостем, возврат %(percent)s%%") % {"percent": terms.percent}
            request_refund(payment, amount, reason, by=guest)
        send_booking_notice(booking, "booking.cancelled", reason="", refund=terms.refund)
    return terms


def cancel_by_staff(booking, user, reason: str) -> CancellationTerms:
    """The realtor (or agency admin, or superuser) cancels with a reason; the guest gets everything back."""
    if not can_manage_booking(user, booking):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Укажите причину отмены: её увидит гость."), code="reason_required")
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("rental").get(pk=booking.pk)
        transition(booking, BookingStatus.CANCELLED, by=user, reason=reason)
        terms = cancellation_terms(booking, 100, lock=True)
        for payment, amount in terms.refunds:
            request_refund(payment, amount, _("Отмена риелтором: %(reason)s") % {"reason": reason}, by=user)
        send_booking_notice(booking, "booking.cancelled", reason=reason, refund=terms.refund)
    return terms


def check_in(booking, user):
    """The guest has arrived: CONFIRMED -> CHECKED_IN, not before the check-in day."""
    if not can_manage_booking(user, booking):
        raise PermissionDenied
    today = timezone.localdate(timezone=booking_zone())
    if booking.check_in > today:
        raise ValidationError(
            _("Заселить гостя можно не раньше дня заезда, %(date)s.") % {"date": booking.check_in.strftime("%d.%m.%Y")},
            code="too_early",
        )
    return transition(booking, BookingStatus.CHECKED_IN, by=user, reason=_("Гость заселился"))


def check_out(booking, user):
    """The guest has left: CHECKED_IN -> COMPLETED."""
    if not can_manage_booking(user, booking):
        raise PermissionDenied
    return transition(booking, BookingStatus.COMPLETED, by=user, reason=_("Гость выехал"))
