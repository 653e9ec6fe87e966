"""The guest's side of a booking: dates and details -> preview -> HOLD -> booking page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from bookings.forms import StayForm
from bookings.models import Booking, BookingStatus, Review
from bookings.pricing import PromoCodeRefused, quote
from bookings.services import check_hold_limits, create_hold, validate_stay
from catalog.models import RentalPropertyPage


def _bookable_rental(rental_id):
    # By `id`, Page's integer column: Django finds no row for an id beyond its range, where `pk` (the page_ptr
    # link) hands it to SQLite, which raises OverflowError.
    rental = get_object_or_404(
        RentalPropertyPage.objects.live().public().select_related("city", "district"), id=rental_id
    )
    return rental.source_listing  # a Kazakh or English page books the Russian one: one calendar for all three


@never_cache
@login_required  # a guest signs in and comes back to the same URL, dates included
def new_booking(request, rental_id):
    rental = _bookable_rental(rental_id)
    user = request.user
    initial = {
        "name": user.get_full_name(),
        "phone": user.phone,
        "email": user.email,
        **{key: request.GET[key] for key in ("check_in", "check_out", "guests_count", "promo") if request.GET.get(key)},
    }
    form = StayForm(request.POST or None, initial=initial)
    context = {"rental": rental, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            validate_stay(rental, data["check_in"], data["check_out"], data["guests_count"])
            check_hold_limits(user, rental.pk)  # said at the preview already; create_hold checks again under lock
            if request.POST.get("step") == "confirm":
                booking = create_hold(
                    rental_id=rental.pk,
                    guest=user,
                    check_in=data["check_in"],
                    check_out=data["check_out"],
                    details=form.guest_details(),
                    promo_code=data["promo"],
                )
                return redirect("bookings:detail", number=booking.number)
            context["quote"] = quote(rental, data["check_in"], data["check_out"], data["promo"], guest=user)
        except PromoCodeRefused as error:
            form.add_error("promo", error)
        except ValidationError as error:
            form.add_error(None, error)
    return TemplateResponse(request, "bookings/new_booking.html", context, status=400 if form.errors else 200)


def own_booking(request, number):
    """The signed-in guest's booking, or 404 (someone else's booking looks like no booking)."""
    return get_object_or_404(
        Booking.objects.select_related("rental", "rental__city", "rental__owner"), number=number, guest=request.user
    )


def render_booking(request, booking, *, status=200, **extra):
    """The booking page (with the guest's review, or the invitation to write one); the door-code view
    renders it too, with the codes or a message in `extra`."""
    context = {
        "booking": booking,
        "show_contacts": booking.status in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN),
        "history": booking.status_history.all(),
        "review": Review.objects.filter(booking=booking).first(),
        "can_review": booking.status == BookingStatus.COMPLETED,
        # Times at the property's clock, as the payment pages show them (the hold's «до 12:20» is one moment).
        "booking_time_zone": settings.BOOKING_TIME_ZONE,
        **extra,
    }
    return TemplateResponse(request, "bookings/booking_detail.html", context, status=status)


@never_cache
@login_required
def booking_detail(request, number):
    return render_booking(request, own_booking(request, number))
