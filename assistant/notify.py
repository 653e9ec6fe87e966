"""The assistant's notification kind (registered with the outbox in AssistantConfig.ready()): a conversation
handed to people tells the brand's staff, through the same outbox as the leads' notices.

Who hears: the manager the conversation was assigned to; with nobody to assign (no manager of the site takes
requests), the site's heads of sales, as an unassigned lead does."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leads.models import ManagerProfile
from notifications.kinds import EMAIL, TELEGRAM, WEBPUSH, Kind
from notifications.services import notify

KINDS = (
    Kind(
        "assistant.handoff",
        _("Клиент в чате ждёт менеджера"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "reason", "site_name", "url"),
        for_staff=True,
    ),
)

REASONS = {
    "asked": _("клиент попросил менеджера"),
    "rule": _("сработало правило передачи"),
    "low_confidence": _("бот не нашёл точного ответа"),
}


def conversation_admin_url(conversation):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("assistant_inbox:conversation", args=[conversation.pk])


def handoff_context(conversation, reason, question=""):
    who = conversation.customer_name or conversation.external_chat_id[:12]
    title = f"{conversation.get_channel_display()} · {who}"
    if question:
        title = f"{title}: {question[:80]}"
    site = conversation.bot.site
    return {
        "title": title,
        "reason": REASONS.get(reason, reason),
        "site_name": site.site_name or site.hostname,
        "url": conversation_admin_url(conversation),
    }


def notify_handoff(conversation, reason, question=""):
    """Call it inside the transaction that hands the conversation over: the outbox sends after the commit."""
    context = handoff_context(conversation, reason, question)
    if conversation.assignee_id:
        recipients = [conversation.assignee]
    else:
        heads = ManagerProfile.objects.filter(
            sites=conversation.bot.site_id, is_head_of_sales=True, user__is_active=True
        ).select_related("user")
        recipients = [profile.user for profile in heads]
    sent = []
    for user in recipients:
        sent += notify(user, "assistant.handoff", context)
    return sent
