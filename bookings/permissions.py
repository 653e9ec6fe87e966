"""Who may see and manage which bookings: one rule, tested cell by cell.

A booking is managed by whoever may edit its rental's page in Wagtail: the realtor who owns
the listing, the admins of the agency whose folder holds it, and superusers (DESIGN.md,
«Roles»). Wagtail's own page permissions decide, so the agency rules live in one place."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from bookings.models import Booking
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
    return bool(
        user.is_active
        and user.is_authenticated
        and _pages.user_has_permission_for_instance(user, "change", booking.rental)
    )


def can_edit_rental(user, rental) -> bool:
    """May `user` manage this property's prices and closed dates? Exactly when they may edit its page."""
    return rental.permissions_for_user(user).can_edit()


def editable_rentals(user):
    """The properties `user` may edit, as a queryset: the rule of `can_edit_rental`, for lists and choices."""
    return RentalPropertyPage.objects.filter(pk__in=rentals_managed_by(user).values("pk"))
