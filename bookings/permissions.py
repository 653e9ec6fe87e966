"""Who may see and manage which bookings: one rule, tested cell by cell.

A booking is managed by whoever may edit its rental's page in Wagtail: the realtor who owns
the listing, the admins of the agency whose folder holds it, and superusers (DESIGN.md,
«Roles»). Wagtail's own page permissions decide, so the agency rules live in one place."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts import roles
from agencies.models import agency_of
from bookings.models import Booking, BookingStatus
from catalog.models import RentalPropertyPage

_pages = PagePermissionPolicy()


def rentals_managed_by(user):
    """Pages (rentals among them) the user may edit: owned under an "add" grant, or under "change"."""
    return _pages.instances_user_has_any_permission_for(user, {"change"})


def bookings_visible_to(user):
    if not (user.is_active and user.is_authenticated):
        return Booking.objects.none()
    if user.is_superuser:
        return Booking.objects.all()
    return Booking.objects.filter(rental__in=rentals_managed_by(user).values("pk"))


def can_manage_booking(user, booking) -> bool:
    """The same people as for the rental's prices and dates: those who may edit its page."""
    return user.is_authenticated and can_edit_rental(user, booking.rental)


def can_edit_rental(user, rental) -> bool:
    """May `user` manage this property's prices and closed dates? Exactly when they may edit its page."""
    return rental.permissions_for_user(user).can_edit()


def editable_rentals(user):
    """The properties `user` may edit, as a queryset: the rule of `can_edit_rental`, for lists and choices."""
    return RentalPropertyPage.objects.filter(pk__in=rentals_managed_by(user).values("pk"))


# A guest sees the door codes from payment until check-out, not before and not after.
DOOR_CODE_STATUSES = frozenset({BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN})


def can_reveal_door_codes(user, booking_or_rental) -> bool:
    """May `user` see (and, for a property, set) the door codes?

    Through a booking: its guest while it is CONFIRMED or CHECKED_IN. For the property (or any
    booking of it): the realtor who owns the page, the agency admin of that realtor's agency
    and the superuser."""
    if not (user.is_authenticated and user.is_active):
        return False
    if isinstance(booking_or_rental, Booking):
        booking = booking_or_rental
        if booking.guest_id == user.pk and booking.status in DOOR_CODE_STATUSES:
            return True
        rental = booking.rental
    else:
        rental = booking_or_rental  # a RentalPropertyPage, or the plain Page of one in admin listings
    is_owner = rental.owner_id is not None and rental.owner_id == user.pk
    return user.is_superuser or is_owner or is_agency_admin_of(user, rental)


def is_agency_admin_of(user, rental) -> bool:
    """Is `user` the admin of the agency whose folder holds `rental` (DESIGN.md, «Roles»)?"""
    agency = agency_of(user, role=roles.AGENCY_ADMIN)
    return agency is not None and rental.is_descendant_of(agency.root_page)


def can_reply_to_review(user, review) -> bool:
    """The realtor who owns the reviewed property answers its reviews (once: see bookings.reviews)."""
    if not (user.is_authenticated and user.is_active):
        return False
    owner_id = review.rental.owner_id
    return owner_id is not None and owner_id == user.pk


def can_moderate_reviews(user) -> bool:
    """Seed 003: there is no moderator role; the superuser moderates."""
    return user.is_authenticated and user.is_active and user.is_superuser
