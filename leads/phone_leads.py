"""A lead that came by phone, recorded by a manager in the admin. The only lead a person may create by hand:
web leads come from the site's forms, with the visitor's own consent and context."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leads.assignment import assign
from leads.models import InteractionKind, Lead, LeadSource
from leads.pipeline import log_interaction


@transaction.atomic
def record_phone_lead(*, site, kind, name, phone, by, email="", message="", manager=None):
    """Store the lead (source «phone», consent given orally on the call) with the call in its history.

    `manager` is who works it: the manager who took the call, or whom the head of sales chose; without one the
    lead is assigned by the same rule as a web lead (leads.assignment)."""
    now = timezone.now()
    lead = Lead.objects.create(
        site=site,
        kind=kind,
        name=name,
        phone=phone,
        email=email,
        message=message,
        consent_at=now,
        source=LeadSource.PHONE,
        manager=manager,
        assigned_at=now if manager else None,
    )
    log_interaction(lead, InteractionKind.REQUEST, by=by, text=message, data={"channel": "phone"})
    if manager is not None:
        log_interaction(
            lead,
            InteractionKind.ASSIGNMENT,
            by=by,
            text=_("Назначен менеджер %(name)s") % {"name": manager},
            data={"from": None, "to": manager.pk, "manual": True},
        )
    else:
        assign(lead, by=by)
    log_interaction(lead, InteractionKind.CALL, by=by, data={"outcome": "answered", "direction": "in"})
    return lead
