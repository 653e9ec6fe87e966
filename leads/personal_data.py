"""The leads' and deals' part of a person's data export and erasure (see accounts/cabinet/personal_data.py).

Leads: exported, and on erasure the contact details the person gave (name, phone, email, message, the visitor
context) are wiped from their leads and from the history lines that repeat the form; the leads stay, without
the person, so the sales statistics keep their counts.
Deals: exported, no eraser: a deal and its payout documents are accounting records (like bookings and
payments), so they stay; the account they point to is anonymised by the cabinet's erasure itself."""

from django.db import transaction
from django.utils.translation import gettext

from accounts.cabinet.personal_data import register
from leads.models import Interaction, InteractionKind, Lead


def export_leads(user):
    return [
        {
            "number": lead.pk,
            "kind": lead.kind,
            "stage": lead.stage,
            "created_at": lead.created_at.isoformat(),
            "name": lead.name,
            "phone": lead.phone,
            "email": lead.email,
            "message": lead.message,
            "listing": lead.listing_title,
        }
        for lead in user.leads.order_by("created_at", "pk")
    ]


@transaction.atomic
def erase_leads(user):
    leads = Lead.objects.filter(user=user)
    Interaction.objects.filter(lead__in=leads, kind=InteractionKind.REQUEST).update(text="", data={})
    leads.update(
        name=gettext("Удалённый пользователь"), phone="", email="", message="", visitor_context={}, ip_address=None
    )


def export(user):
    return [
        {
            "object": deal.object_title,
            "price": str(deal.price),
            "currency": deal.currency,
            "stage": deal.stage,
            "opened_on": deal.opened_on.isoformat(),
            "cashback": str(deal.cashback_amount),
            "cashback_status": deal.cashback_status,
            "documents": [document.title for document in deal.documents.all() if document.visible_to_buyer],
        }
        for deal in user.deals.prefetch_related("documents").order_by("opened_on", "pk")
    ]


register("leads", export=export_leads, erase=erase_leads)
register("deals", export=export)
