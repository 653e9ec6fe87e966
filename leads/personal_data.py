"""The deals' part of a person's data export (see accounts/cabinet/personal_data.py).

No eraser: a deal and its payout documents are accounting records (like bookings and payments), so they stay;
the account they point to is anonymised by the cabinet's erasure itself."""

from accounts.cabinet.personal_data import register


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


register("deals", export=export)
