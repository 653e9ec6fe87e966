"""The notification kinds of leads (registered with the outbox in LeadsConfig.ready()) and the lead notices."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind
from notifications.services import notify, notify_address

MEETING_CONTEXT = ("title", "starts_at", "place", "url")
CASHBACK_CONTEXT = ("title", "amount", "url")

# Registered with the outbox in LeadsConfig.ready(). Meetings and tasks: leads/meeting_notices.py and
# leads/tasks.py send them; cashback: leads/cashback.py.
KINDS = (
    Kind(
        "lead.assigned",
        _("Вам назначена заявка"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "url"),
        for_staff=True,
    ),
    Kind(
        "appointment.reminder",
        _("Напоминание о встрече"),
        frozenset({EMAIL, SMS}),
        context=("title", "starts_at", "url"),
    ),
    Kind(
        "lead.repeat_request",
        _("Повторное обращение по вашей заявке"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "url"),
        for_staff=True,
    ),
    Kind(
        "lead.unassigned",
        _("Заявка осталась без менеджера"),
        frozenset({EMAIL, TELEGRAM}),
        context=("title", "url", "site_name"),
        for_staff=True,
    ),
    Kind(
        "lead.received",
        _("Заявка принята"),
        frozenset({EMAIL, SMS}),
        context=("number", "kind", "title", "site_name"),
        optional=False,
    ),
    Kind("appointment.booked", _("Запись на просмотр"), frozenset({EMAIL, SMS}), MEETING_CONTEXT, optional=False),
    Kind("appointment.rescheduled", _("Встреча перенесена"), frozenset({EMAIL, SMS}), MEETING_CONTEXT, optional=False),
    Kind(
        "appointment.cancelled",
        _("Встреча отменена"),
        frozenset({EMAIL, SMS}),
        (*MEETING_CONTEXT, "reason"),
        optional=False,
    ),
    Kind(
        "appointment.for_manager",
        _("Клиент записался, перенёс или отменил встречу"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "starts_at", "event", "url"),
        for_staff=True,
    ),
    Kind(
        "task.reminder",
        _("Напоминание о задаче"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "due_at", "url"),
        for_staff=True,
    ),
    Kind(
        "task.overdue",
        _("Задача просрочена"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        ("title", "due_at", "url"),
        for_staff=True,
    ),
    Kind(
        "cashback.ready",
        _("Кэшбек готов к выплате"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=CASHBACK_CONTEXT,
        optional=False,
    ),
    Kind(
        "cashback.paid",
        _("Кэшбек выплачен"),
        frozenset({EMAIL, TELEGRAM}),
        context=CASHBACK_CONTEXT,
        optional=False,
    ),
)


def lead_admin_url(lead):
    """The lead's page in the admin (its inspect view, else its edit view), as an absolute link."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for name in ("wagtailsnippets_leads_lead:inspect", "wagtailsnippets_leads_lead:edit"):
        try:
            return base + reverse(name, args=[lead.pk])
        except NoReverseMatch:
            continue
    return base + reverse("wagtailadmin_home")


def lead_title(lead):
    """«Консультация: Анна, +79001234567 — ЖК Северный» for the manager's messages."""
    title = f"{lead.get_kind_display()}: {lead.name}, {lead.phone}"
    return f"{title} — {lead.listing_title}" if lead.listing_title else title


def _staff_context(lead):
    return {"title": lead_title(lead), "url": lead_admin_url(lead), "site_name": lead.site.site_name}


def notify_lead_assigned(lead):
    return notify(lead.manager, "lead.assigned", _staff_context(lead))


def notify_repeat_request(lead):
    return notify(lead.manager, "lead.repeat_request", _staff_context(lead))


def notify_lead_unassigned(lead):
    from leads.models import ManagerProfile

    heads = ManagerProfile.objects.filter(sites=lead.site, is_head_of_sales=True, user__is_active=True)
    sent = []
    for profile in heads.select_related("user"):
        sent += notify(profile.user, "lead.unassigned", _staff_context(lead))
    return sent


def confirm_to_client(lead, *, email="", phone="", language=""):
    """«Заявка принята» to the client: by email when they gave one, else by SMS to the phone they typed."""
    context = {
        "number": lead.pk,
        "kind": lead.get_kind_display(),
        "title": lead.listing_title,
        "site_name": lead.site.site_name,
    }
    channel, address = (EMAIL, email) if email else (SMS, phone)
    if not address:
        return None
    return notify_address(channel, address, "lead.received", context, language=language or None)
