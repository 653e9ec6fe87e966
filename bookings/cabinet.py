"""The guest's «Мои бронирования»: current stays and the rest, with what the guest may do with each.

A fixed number of queries whatever the number of bookings: the two lists, then the payments and
refunds of the cancellable ones (for the refund the policy would give now)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.cabinet.views import cabinet_view
from bookings.lifecycle import guest_cancellation_terms_for
from bookings.models import Booking, BookingStatus, Review
from bookings.status import can_transition


@dataclass
class GuestBookings:
    current: list  # bookings holding their dates now: confirmed, checked in, or a hold not yet expired
    past: list  # everything else: completed, cancelled, expired


def guest_bookings(guest, now=None) -> GuestBookings:
    """The guest's bookings, each with `cancel_terms` (None when it cannot be cancelled), `can_review`
    and `can_book_again`."""
    now = now or timezone.now()
    mine = (
        Booking.objects.filter(guest=guest)
        .select_related("rental")
        .annotate(has_review=Exists(Review.objects.filter(booking=OuterRef("pk"))))
    )
    current = list(mine.occupying(now).order_by("check_in", "pk"))
    past = list(mine.exclude(pk__in=Booking.objects.occupying(now).values("pk")).order_by("-check_in", "-pk"))
    cancellable = [booking for booking in current if can_transition(booking, BookingStatus.CANCELLED)]
    terms = guest_cancellation_terms_for(cancellable, now)
    for booking in current:
        booking.cancel_terms = terms.get(booking.pk)
        booking.can_book_again = False
    for booking in past:
        booking.cancel_terms = None
        booking.can_book_again = booking.rental.live and booking.rental.is_active
    for booking in current + past:
        booking.can_review = booking.status == BookingStatus.COMPLETED and not booking.has_review
    return GuestBookings(current=current, past=past)


@cabinet_view
def bookings_list(request):
    """The cabinet section «Мои бронирования» (registered in BookingsConfig.ready())."""
    bookings = guest_bookings(request.user)
    return TemplateResponse(
        request,
        "bookings/cabinet/bookings.html",
        {"section": "bookings", "current_bookings": bookings.current, "past_bookings": bookings.past},
    )
