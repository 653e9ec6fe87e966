"""Who sees and works which lead, deal, meeting, task and calendar: the one place for the leads app's
row-level rules (DESIGN.md, roles).

A manager works the leads assigned to them, and sees their own deals, meetings, tasks and working hours;
a head of sales (ManagerProfile.is_head_of_sales) all of those of their sites and their managers; the
superuser everything. Everyone else sees none."""

from django.db.models import Q

from leads.models import Appointment, Lead, ManagerProfile, Task


def head_of_sales_sites(user):
    """The ids of the sites the user heads sales for (empty for everyone else)."""
    if not user.is_authenticated:
        return []
    return list(
        ManagerProfile.objects.filter(user=user, is_head_of_sales=True)
        .values_list("sites", flat=True)
        .exclude(sites=None)
    )


def leads_visible_to(user):
    if not user.is_authenticated or not user.is_active:
        return Lead.objects.none()
    if user.is_superuser:
        return Lead.objects.all()
    sites = head_of_sales_sites(user)
    if sites:
        return Lead.objects.filter(site_id__in=sites)
    if user.is_staff:
        return Lead.objects.filter(manager=user)
    return Lead.objects.none()


def can_work_lead(user, lead):
    return leads_visible_to(user).filter(pk=lead.pk).exists()


def can_reassign(user, lead):
    """Choosing another manager for a lead is for the head of sales of its site and the superuser."""
    return user.is_authenticated and (user.is_superuser or lead.site_id in head_of_sales_sites(user))


# -- deals and cashback (follow the lead: who works the lead works its deal) ---------------------------------------


def deals_visible_to(user):
    """Who sees a deal works it (stages, price, documents, «готов к выплате»); paying is for heads of sales."""
    from leads.models import Deal

    if not user.is_authenticated or not user.is_active:
        return Deal.objects.none()
    if user.is_superuser:
        return Deal.objects.all()
    return Deal.objects.filter(lead__in=leads_visible_to(user))


def can_settle_cashback(user, deal):
    """Mark cashback paid or cancel it: money leaves the company, so the head of sales or the superuser."""
    return can_reassign(user, deal.lead)


def cashback_rule_sites(user):
    """The sites whose cashback rules the user may edit: a head of sales their sites, the superuser all."""
    from wagtail.models import Site

    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=head_of_sales_sites(user))


def manager_sites(user):
    """The sites a sales manager (or head of sales) works for; they may read those sites' cashback rules."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(ManagerProfile.objects.filter(user=user).values_list("sites", flat=True).exclude(sites=None))


# -- calendars: meetings, tasks, working hours --


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
