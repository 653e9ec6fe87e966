"""Who may see and manage which bookings: one rule, tested cell by cell.

A booking is managed by whoever may edit its rental's page in Wagtail: the realtor who owns
the listing, the admins of the agency whose folder holds it, and superusers (DESIGN.md,
«Roles»). Wagtail's own page permissions decide, so the agency rules live in one place."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from bookings.models import Booking

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
