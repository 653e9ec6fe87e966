"""The event fund (seed module 15): a share of every purchase in the club flows in (ClubRules.event_fund_rate, 2 %
by default), refunds take the same share of what they give back, events spend from it. Every change is a line of
EventFundLine written in the transaction that caused it; the balance is the lines' sum.

Contributions only add, so they lock nothing (record_purchase stays as parallel as it was). Spends and refunds'
reversals take money out: they lock the fund's row and read the balance under that lock, so two of them never both
spend the same ruble and the balance never goes below zero."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models.partners import now as club_now
from core.money import format_rubles
from loyalty.models import EventFund, EventFundLine
from loyalty.services.ledger import ZERO, ClubError, points

Kind = EventFundLine.Kind

__all__ = ["balance", "by_event", "by_period", "contribute", "contribution_line", "reverse_refund", "spend"]


def month_of(moment) -> date:
    return timezone.localdate(moment).replace(day=1)


def contribution_line(purchase, rules, at):
    """The fund's share of a purchase (unsaved, for a bulk insert), or None when it comes to nothing. The base is
    the purchase's turnover (its amount less a coupon's discount: what the partner was paid, in money or points)."""
    amount = points(purchase.turnover * rules.event_fund_rate / 100)
    if amount <= 0:
        return None
    return EventFundLine(
        kind=Kind.CONTRIBUTION,
        amount=amount,
        rate=rules.event_fund_rate,
        period=month_of(purchase.purchased_at),
        purchase=purchase,
        created_at=at,
    )


def contribute(purchase, rules, at):
    """Write the purchase's share (inside record_purchase's transaction)."""
    line = contribution_line(purchase, rules, at)
    if line is not None:
        line.save(force_insert=True)
    return line


def lock_fund():
    return EventFund.objects.select_for_update().order_by("pk").first() or EventFund.objects.create()


def balance() -> object:
    return EventFundLine.objects.aggregate(total=Sum("amount"))["total"] or ZERO


def reverse_refund(purchase, refund, before, after, at):
    """A refund of `before`→`after` rubles of the purchase takes back the same share of its contribution (the share
    counted on the running total, as the points are, so parts add up to the whole). If the fund has already spent
    it, only what is left is taken back and the line says how much was written off."""
    from loyalty.services.purchases import share

    contribution = purchase.fund_lines.filter(kind=Kind.CONTRIBUTION).first()
    if contribution is None:
        return None
    due = share(contribution.amount, purchase, after) - share(contribution.amount, purchase, before)
    if due <= 0:
        return None
    lock_fund()
    taken = min(due, balance())
    if taken <= 0:
        return None
    note = ""
    if taken < due:
        note = str(_("Фонд уже потрачен: не удержано %(amount)s.") % {"amount": format_rubles(due - taken, sign=False)})
    return EventFundLine.objects.create(
        kind=Kind.REVERSAL,
        amount=-taken,
        rate=contribution.rate,
        period=month_of(at),
        purchase=purchase,
        refund=refund,
        note=note,
        created_at=at,
    )


def spend(event, amount, *, by, note="", at=None) -> EventFundLine:
    """The superuser spends `amount` rubles of the fund on `event` (a catalog.EventPage). More than the balance is
    refused (ClubError) and nothing is written."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied
    amount = points(amount)
    if amount <= 0:
        raise ClubError(_("Сумма расхода должна быть больше нуля."), code="invalid_fund_amount")
    at = at or club_now()
    with transaction.atomic():
        lock_fund()
        left = balance()
        if amount > left:
            raise ClubError(
                _("В фонде мероприятий только %(left)s.") % {"left": format_rubles(left, sign=False)},
                code="fund_short",
            )
        return EventFundLine.objects.create(
            kind=Kind.SPEND,
            amount=-amount,
            period=month_of(at),
            event=event,
            event_title=event.title[:255],
            note=(note or "")[:255],
            created_by=by,
            created_at=at,
        )


def by_period():
    """Per month, newest first: what flowed in, what refunds took back, what was spent, and the net (one query)."""
    rows = (
        EventFundLine.objects.values("period")
        .annotate(
            contributions=Sum("amount", filter=Q(kind=Kind.CONTRIBUTION), default=ZERO),
            reversals=Sum("amount", filter=Q(kind=Kind.REVERSAL), default=ZERO),
            spent=Sum("amount", filter=Q(kind=Kind.SPEND), default=ZERO),
            net=Sum("amount", default=ZERO),
        )
        .order_by("-period")
    )
    return list(rows)


def by_event():
    """What each event spent, most first (one query)."""
    return list(
        EventFundLine.objects.filter(kind=Kind.SPEND)
        .values("event", "event_title")
        .annotate(spent=-Sum("amount"))
        .order_by("-spent", "event_title")
    )
