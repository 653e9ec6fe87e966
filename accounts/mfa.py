"""Two-factor for staff: who must set up an authenticator app, and which URLs need it (StaffMFAMiddleware)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.urls import reverse


def staff_only(view):
    """Mark a view outside /admin/ that serves what only staff may see or do (a deal's payout document, ...).

    With settings.MFA_REQUIRED_FOR_STAFF, StaffMFAMiddleware sends staff who have no authenticator app yet to
    set it up before such a view runs, as it does for every admin page; others reach the view as before.
    tests/accounts/test_mfa.py walks the URLconf: every view of ours is marked or listed as public there."""
    view.staff_only = True
    return view


def is_staff(user):
    """Anyone who may use the Wagtail admin (roles give `wagtailadmin.access_admin`) or has the staff flag."""
    return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def must_set_up_mfa(user):
    return settings.MFA_REQUIRED_FOR_STAFF and is_staff(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_staff_url(request, view):
    """Every admin page but its logout, and every view marked @staff_only. Public pages are not: staff browse
    the site, and set up the authenticator, like anyone else."""
    if getattr(view, "staff_only", False):
        return True
    path = request.path_info
    return path.startswith(reverse("wagtailadmin_home")) and path != reverse("wagtailadmin_logout")
