"""The guest's «Мои бронирования»: current stays and the rest, with what the guest may do with each.

A fixed number of queries whatever the number of bookings: the two lists, then the payments and
refunds of the cancellable ones (for the refund the policy would give now)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.cabinet.views import cabinet_view
from bookings.lifecycle import booking_zone, guest_cancellation_terms_for
from bookings.models import Booking, BookingStatus, Review
from bookings.status import can_transition
from catalog.models import RentalIndexPage
from catalog.site_catalogs import site_has_catalog


@dataclass
class GuestBookings:
    current: list  # stays under way on the property's date today (or already checked in)
    upcoming: list  # bookings holding dates that start after the property's today
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
    holding = list(mine.occupying(now).order_by("check_in", "pk"))
    # The stay's dates are the property's dates: "today" is the date there, not the server's.
    today = timezone.localtime(now, booking_zone()).date()
    current = [b for b in holding if b.check_in <= today or b.status == BookingStatus.CHECKED_IN]
    upcoming = [b for b in holding if b not in current]
    past = list(mine.exclude(pk__in=Booking.objects.occupying(now).values("pk")).order_by("-check_in", "-pk"))
    cancellable = [booking for booking in holding if can_transition(booking, BookingStatus.CANCELLED)]
    terms = guest_cancellation_terms_for(cancellable, now)
    for booking in holding:
        booking.cancel_terms = terms.get(booking.pk)
        booking.can_book_again = False
    for booking in past:
        booking.cancel_terms = None
        booking.can_book_again = booking.rental.live and booking.rental.is_active
    for booking in holding + past:
        booking.can_review = booking.status == BookingStatus.COMPLETED and not booking.has_review
    return GuestBookings(current=current, upcoming=upcoming, past=past)


def is_rentals_site(request) -> bool:
    """The section is this brand's own business where the site has a rentals catalog (AppConfig.ready())."""
    return site_has_catalog(request, RentalIndexPage)


@cabinet_view
def bookings_list(request):
    """The cabinet section «Мои бронирования» (registered in BookingsConfig.ready())."""
    bookings = guest_bookings(request.user)
    return TemplateResponse(
        request,
        "bookings/cabinet/bookings.html",
        {
            "section": "bookings",
            "current_bookings": bookings.current,
            "upcoming_bookings": bookings.upcoming,
            "past_bookings": bookings.past,
        },
    )
