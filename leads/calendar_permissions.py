"""Whose calendars, meetings, tasks and working hours a user sees (built on leads/permissions.py).

A manager: their own. A head of sales: those of every manager of their sites, and their own.
The superuser: everyone's. Anybody else: nothing."""

from django.db.models import Q

from leads.models import Appointment, ManagerProfile, Task
from leads.permissions import head_of_sales_sites


def _is_staff_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def profiles_visible_to(user):
    if not (user.is_authenticated and user.is_active):
        return ManagerProfile.objects.none()
    if user.is_superuser:
        return ManagerProfile.objects.all()
    sites = head_of_sales_sites(user)
    if sites:
        ids = ManagerProfile.objects.filter(Q(sites__in=sites) | Q(user=user)).values("pk")
        return ManagerProfile.objects.filter(pk__in=ids)
    if _is_staff_member(user):
        return ManagerProfile.objects.filter(user=user)
    return ManagerProfile.objects.none()


def manages_profiles(user):
    """May set sites, «принимает заявки» and the head-of-sales flag, and add profiles."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_manages_profiles"):  # asked per row by the admin listing
        user._manages_profiles = user.is_superuser or bool(head_of_sales_sites(user))
    return user._manages_profiles


def calendar_owner_ids(user):
    """The users whose calendars `user` may open (a subquery)."""
    return profiles_visible_to(user).values("user_id")


def can_see_calendar_of(user, owner):
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return profiles_visible_to(user).filter(user=owner).exists()


def appointments_visible_to(user):
    if not (user.is_authenticated and user.is_active):
        return Appointment.objects.none()
    if user.is_superuser:
        return Appointment.objects.all()
    return Appointment.objects.filter(manager__in=calendar_owner_ids(user))


def tasks_visible_to(user):
    if not (user.is_authenticated and user.is_active):
        return Task.objects.none()
    if user.is_superuser:
        return Task.objects.all()
    return Task.objects.filter(manager__in=calendar_owner_ids(user))


def visible_owner_ids(user):
    """calendar_owner_ids as a set, kept on the user object for the request (per-row admin checks)."""
    if not hasattr(user, "_calendar_owner_ids"):
        user._calendar_owner_ids = set(profiles_visible_to(user).values_list("user_id", flat=True))
    return user._calendar_owner_ids


def visible_profile_ids(user):
    if not hasattr(user, "_visible_profile_ids"):
        user._visible_profile_ids = set(profiles_visible_to(user).values_list("pk", flat=True))
    return user._visible_profile_ids
