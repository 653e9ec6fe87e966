"""The club's part of a person's data export and erasure (see accounts/cabinet/personal_data.py).

Exported: the membership, purchases, points, event registrations (with ratings), her event proposals and votes. On
erasure the phone (what matches partners' purchases to the person) and the consent are removed, so no new purchase
can reach them; purchases and the ledger stay, without the person, as the partners' accounting records."""

from django.db import transaction

from accounts.cabinet.personal_data import register
from loyalty.models import Member, Purchase


def export(user):
    member = Member.objects.filter(user=user).first()
    if member is None:
        return None
    return {
        "phone": member.phone,
        "consent_at": member.consent_at.isoformat() if member.consent_at else None,
        "tier": member.tier,
        "joined_at": member.joined_at.isoformat(),
        "join_ip": member.join_ip,
        "points_available": str(member.points_available),
        "points_pending": str(member.points_pending),
        "purchases": [
            {
                "partner": purchase.partner.title,
                "category": purchase.category.name,
                "amount": str(purchase.amount),
                "purchased_at": purchase.purchased_at.isoformat(),
                "refunded": purchase.refunded_at is not None,
                "refunded_amount": str(purchase.refunded_amount),
            }
            for purchase in member.purchases.select_related("partner", "category").order_by("purchased_at", "pk")
        ],
        "points": [
            {"kind": line.kind, "amount": str(line.amount), "at": line.created_at.isoformat()}
            for line in member.ledger.order_by("created_at", "pk")
        ],
        "event_proposals": [
            {
                "title": proposal.title,
                "description": proposal.description,
                "status": proposal.status,
                "budget": str(proposal.budget),
                "created_at": proposal.created_at.isoformat(),
            }
            for proposal in member.event_proposals.order_by("created_at", "pk")
        ],
        "votes": [
            {
                "proposal": vote.proposal.title,
                "question": vote.question,
                "support": vote.support,
                "date": vote.date.starts_at.isoformat() if vote.date else None,
                "weight": vote.weight,
                "changed_at": vote.changed_at.isoformat(),
            }
            for vote in member.proposal_votes.select_related("proposal", "date").order_by("created_at", "pk")
        ],
        "events": [
            {
                "event": registration.event.title,
                "start": registration.event.start.isoformat(),
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
                "rating": registration.feedback.rating if hasattr(registration, "feedback") else None,
                "comment": registration.feedback.comment if hasattr(registration, "feedback") else "",
            }
            for registration in member.event_registrations.select_related("event", "feedback").order_by("pk")
        ],
    }


@transaction.atomic
def erase(user):
    member = Member.objects.select_for_update().filter(user=user).first()
    if member is None:
        return
    Purchase.objects.filter(member=member).update(phone="")
    member.phone = f"erased-{member.pk}"  # unique, and no real phone matches it
    member.consent_at = None
    member.join_ip = None
    member.save(update_fields=["phone", "consent_at", "join_ip"])


register("club", export=export, erase=erase)
