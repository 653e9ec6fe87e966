"""Who works which bot and conversation: the one place for the assistant's row rules.

A brand's sales staff (leads.ManagerProfile.sites) work its conversations in the inbox and read its bot's
settings, FAQ and templates; the head of sales of the site changes them; the superuser everything."""

from wagtail.models import Site

from assistant.models import Conversation
from leads.permissions import head_of_sales_sites, manager_sites


def _active(user):
    return user.is_authenticated and user.is_active


def worked_site_ids(user):
    """The sites whose bots and conversations the user works (kept on the request's user)."""
    if not _active(user):
        return set()
    if not hasattr(user, "_assistant_worked_sites"):
        user._assistant_worked_sites = (
            set(Site.objects.values_list("pk", flat=True)) if user.is_superuser else set(manager_sites(user))
        )
    return user._assistant_worked_sites


def managed_site_ids(user):
    """The sites whose bot settings the user changes: a head of sales theirs, the superuser all."""
    if not _active(user):
        return set()
    if not hasattr(user, "_assistant_managed_sites"):
        user._assistant_managed_sites = (
            set(Site.objects.values_list("pk", flat=True)) if user.is_superuser else set(head_of_sales_sites(user))
        )
    return user._assistant_managed_sites


def conversations_visible_to(user):
    if not _active(user):
        return Conversation.objects.none()
    if user.is_superuser:
        return Conversation.objects.all()
    return Conversation.objects.filter(bot__site_id__in=worked_site_ids(user))


def can_work_conversation(user, conversation):
    return _active(user) and (user.is_superuser or conversation.bot.site_id in worked_site_ids(user))
