"""Who gets a lead: automatic assignment and redistribution when a manager stops taking leads.

The rule, for the lead's site:
1. among the managers who take leads (ManagerProfile.is_active, user.is_active) and are at work now
   (one of their work_days, between work_start and work_end in LEADS_TIME_ZONE, not on a day off),
   the one with the fewest open leads;
2. if nobody is at work now (night, weekend), among all managers who take leads, the same way;
3. ties go round robin: the one assigned longest ago (never assigned first), then the lowest profile id;
4. if the site has no manager taking leads at all, the lead stays unassigned and the heads of sales are told.

The candidates' profile rows are locked (select_for_update, in id order) inside the caller's transaction
before the open leads are counted, so two concurrent requests queue up on the lock instead of both
reading the same count. Every assignment is an ASSIGNMENT interaction; the notifications are queued
with transaction.on_commit, so nobody hears about an assignment that rolled back."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from leads.clock import leads_time_zone
from leads.models import InteractionKind, Lead, ManagerDayOff, ManagerProfile
from leads.pipeline import log_interaction

logger = logging.getLogger(__name__)


NEVER = datetime.min.replace(tzinfo=UTC)  # sorts a manager who was never assigned first


def is_at_work(profile, local_now: datetime, days_off=frozenset()) -> bool:
    """Whether the manager works at `local_now` (a datetime in LEADS_TIME_ZONE); `days_off` holds the
    ids of the profiles that have a day off today."""
    if profile.pk in days_off or local_now.isoweekday() not in profile.work_days:
        return False
    moment, start, end = local_now.time(), profile.work_start, profile.work_end
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end  # a shift past midnight


def profiles_on_day_off(profile_ids, day) -> set[int]:
    return set(
        ManagerDayOff.objects.filter(manager_id__in=profile_ids, starts_on__lte=day, ends_on__gte=day).values_list(
            "manager_id", flat=True
        )
    )


def open_lead_counts(user_ids) -> dict[int, int]:
    rows = Lead.objects.open().filter(manager_id__in=user_ids).values("manager_id").annotate(n=Count("pk"))
    return {row["manager_id"]: row["n"] for row in rows}


def lock_candidates(site_ids, *, exclude_user_ids=()):
    """The profiles of managers taking leads on these sites, locked in id order (a fixed order, so two
    transactions that lock overlapping sets never deadlock)."""
    ids = (
        ManagerProfile.objects.filter(sites__in=site_ids, is_active=True, user__is_active=True)
        .exclude(user_id__in=exclude_user_ids)
        .values("pk")
    )
    return list(
        ManagerProfile.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("user").order_by("pk")
    )


def choose(candidates, *, now=None):
    """The profile that should get the next lead among `candidates` (already locked), or None."""
    if not candidates:
        return None
    local_now = timezone.localtime(now or timezone.now(), leads_time_zone())
    days_off = profiles_on_day_off([p.pk for p in candidates], local_now.date())
    at_work = [p for p in candidates if is_at_work(p, local_now, days_off)]
    pool = at_work or candidates
    counts = open_lead_counts([p.user_id for p in pool])
    return min(pool, key=lambda p: (counts.get(p.user_id, 0), p.last_assigned_at or NEVER, p.pk))


@dataclass(frozen=True)
class Assignment:
    lead: Lead
    manager: object | None  # the user, or None when nobody takes leads on the site
    previous: object | None = None


def assign(lead, *, by=None, exclude_user_ids=(), now=None, reason="", notify=True) -> Assignment:
    """Give the lead to the right manager of its site (see the module's docstring) and log it.

    Must run inside the transaction that stored the lead; notifications go out after it commits
    (none with notify=False: demo data and imports)."""
    now = now or timezone.now()
    previous = lead.manager
    profile = choose(lock_candidates([lead.site_id], exclude_user_ids=exclude_user_ids), now=now)
    if profile is None:
        if previous is not None:
            Lead.objects.filter(pk=lead.pk).update(manager=None, assigned_at=None)
            lead.manager, lead.assigned_at = None, None
        log_interaction(
            lead,
            InteractionKind.ASSIGNMENT,
            by=by,
            text=reason,
            data={"from": previous.pk if previous else None, "to": None, "reason": "no_manager"},
        )
        if notify:
            transaction.on_commit(partial(tell_heads_of_sales, lead.pk), robust=True)
        return Assignment(lead, None, previous)
    profile.last_assigned_at = now
    profile.save(update_fields=["last_assigned_at"])
    Lead.objects.filter(pk=lead.pk).update(manager=profile.user, assigned_at=now)
    lead.manager, lead.assigned_at = profile.user, now
    log_interaction(
        lead,
        InteractionKind.ASSIGNMENT,
        by=by,
        text=reason,
        data={"from": previous.pk if previous else None, "to": profile.user_id},
    )
    if notify:
        transaction.on_commit(partial(tell_manager, lead.pk, profile.user_id), robust=True)
    return Assignment(lead, profile.user, previous)


def redistribute_open_leads(manager, *, by=None) -> list[Assignment]:
    """Hand the open leads of a manager who stopped taking them (deactivated profile or account) to
    the others, one by one by the same rule. Safe to call twice: the second call finds nothing."""
    with transaction.atomic():
        leads = list(
            Lead.objects.open()
            .select_for_update(of=("self",))
            .filter(manager=manager)
            .select_related("manager")
            .order_by("created_at", "pk")
        )
        reason = gettext("Менеджер больше не принимает заявки")
        return [assign(lead, by=by, exclude_user_ids=[manager.pk], reason=reason) for lead in leads]


# -- notifications, after commit ------------------------------------------------------------------------------------


def tell_manager(lead_id, user_id):
    from leads.notify import notify_lead_assigned

    lead = Lead.objects.select_related("manager", "site").filter(pk=lead_id, manager_id=user_id).first()
    if lead is not None:  # reassigned again meanwhile: the later assignment tells its own manager
        notify_lead_assigned(lead)


def tell_heads_of_sales(lead_id):
    from leads.notify import notify_lead_unassigned

    lead = Lead.objects.select_related("site").filter(pk=lead_id, manager__isnull=True).first()
    if lead is not None:
        notify_lead_unassigned(lead)
