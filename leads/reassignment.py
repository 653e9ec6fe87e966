"""Handing a lead to another manager by hand: the head of sales of its site or the superuser, logged."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leads.assignment import tell_manager
from leads.models import InteractionKind, Lead, ManagerProfile
from leads.permissions import can_reassign
from leads.pipeline import log_interaction


class ReassignRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def eligible_managers(site_id):
    """The managers who take leads of this site now: the only ones a lead may be handed to."""
    return ManagerProfile.objects.filter(is_active=True, user__is_active=True, sites=site_id).select_related("user")


@transaction.atomic
def reassign(lead, manager, *, by):
    """Give the lead to `manager` (a user), or raise ReassignRefused; the history line says from whom to whom."""
    if not can_reassign(by, lead):
        raise ReassignRefused(_("Переназначать заявки может только руководитель отдела продаж этого сайта."))
    locked = Lead.objects.select_for_update(of=("self",)).select_related("manager").get(pk=lead.pk)
    if not eligible_managers(locked.site_id).filter(user=manager).exists():
        raise ReassignRefused(_("Этот сотрудник сейчас не принимает заявки этого сайта."))
    if locked.manager_id == manager.pk:
        raise ReassignRefused(_("Заявка уже у этого менеджера."))
    previous = locked.manager
    locked.manager = manager
    locked.assigned_at = timezone.now()
    locked.save(update_fields=["manager", "assigned_at", "updated_at"])
    log_interaction(
        locked,
        InteractionKind.ASSIGNMENT,
        by=by,
        text=_("%(from)s → %(to)s") % {"from": str(previous) if previous else _("без менеджера"), "to": str(manager)},
        data={"from": previous.pk if previous else None, "to": manager.pk, "manual": True},
    )
    for field in ("manager", "assigned_at", "updated_at", "score", "score_reasons"):
        setattr(lead, field, getattr(locked, field))
    transaction.on_commit(partial(tell_manager, locked.pk, manager.pk), robust=True)
    return lead
