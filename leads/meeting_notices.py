"""Messages about meetings and tasks, through the outbox (kinds in leads/notify.py).

Called inside the transaction that changed the meeting: the outbox rows are written in it and sent
after commit, so a rollback sends nothing. Dates are rendered in LEADS_TIME_ZONE."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.clock import leads_time_zone
from leads.viewing_links import viewing_url
from notifications.models import Channel
from notifications.services import notify, notify_address


def admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def meeting_title(appointment):
    lead = appointment.lead
    if lead.listing_title:
        return _("Просмотр: %(listing)s") % {"listing": lead.listing_title}
    return _("Встреча с менеджером %(site)s") % {"site": lead.site.site_name or lead.site.hostname}


def to_client(lead, kind, context):
    """The lead's account when it has one (its preferences decide), else the phone by SMS and the email."""
    with timezone.override(leads_time_zone()):
        if lead.user_id:
            return notify(lead.user, kind, context)
        sent = [notify_address(Channel.SMS, lead.phone, kind, context)] if lead.phone else []
        if lead.email:
            sent.append(notify_address(Channel.EMAIL, lead.email, kind, context))
        return sent


def to_staff(user, kind, context):
    with timezone.override(leads_time_zone()):
        return notify(user, kind, context)


def _client_context(appointment, **extra):
    return {
        "title": meeting_title(appointment),
        "starts_at": appointment.starts_at,
        "place": appointment.place,
        "url": viewing_url(appointment.lead),
        **extra,
    }


def _tell_manager(appointment, event, by, manager=None):
    manager = manager or appointment.manager
    if by is not None and by.pk == manager.pk:
        return []
    context = {
        "title": f"{meeting_title(appointment)} · {appointment.lead.name}",
        "starts_at": appointment.starts_at,
        "event": event,
        "url": admin_url("leads_calendar:appointment", appointment.pk),
    }
    return to_staff(manager, "appointment.for_manager", context)


def booked(appointment, by):
    to_client(appointment.lead, "appointment.booked", _client_context(appointment))
    _tell_manager(appointment, "booked", by)


def rescheduled(appointment, by, previous_manager_id):
    to_client(appointment.lead, "appointment.rescheduled", _client_context(appointment))
    handed_over = previous_manager_id != appointment.manager_id
    _tell_manager(appointment, "booked" if handed_over else "rescheduled", by)  # new to a new manager
    if handed_over:
        previous = get_user_model().objects.get(pk=previous_manager_id)
        _tell_manager(appointment, "taken_over", by, manager=previous)


def cancelled(appointment, by):
    to_client(appointment.lead, "appointment.cancelled", _client_context(appointment, reason=appointment.cancel_reason))
    _tell_manager(appointment, "cancelled", by)


def lead_handed_over(lead):
    title = str(lead)
    to_staff(lead.manager, "lead.assigned", {"title": title, "url": admin_url("leads_calendar:index")})


def client_reminder(appointment):
    context = _client_context(appointment)
    return to_client(appointment.lead, "appointment.reminder", context)


def task_reminder(task, kind):
    context = {"title": task.title, "due_at": task.due_at, "url": admin_url("leads_calendar:index")}
    return to_staff(task.manager, kind, context)
