"""Partners' offers to members: which live offers a member may take (`offers_for`), the events of each
(`offer_shown`, `offer_taken`; a redemption is recorded by record_purchase through `redeemed`) and the partner's
figures (`offer_analytics`). Only a live offer (approved through the workflow) counts."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from catalog.models import all_tiers
from catalog.models.partners import now as club_now
from loyalty.models import Coupon, MemberScore, Offer, OfferEvent, Purchase
from loyalty.services.coupons import today
from loyalty.services.ledger import ZERO, ClubError, lock_member

Event = OfferEvent.Kind


def running(at):
    day = today(at)
    return Offer.objects.filter(live=True, starts_on__lte=day, ends_on__gte=day)


def spent(offer):
    redeemed = offer.events.filter(kind=Event.REDEEMED, cancelled_at__isnull=True)
    return redeemed.aggregate(total=Sum("spent"))["total"] or ZERO


def in_audience(offer, member, at) -> bool:
    """The member's tier is one of the offer's, they bought in one of its categories (if any), and made no
    purchase in the club for its `lapsed_days` (if set), and is in its RFM segment among the partner's customers
    (if set; the nightly scores, loyalty.services.analytics)."""
    if member.tier not in offer.audience_tiers:
        return False
    if offer.audience_segment:
        scores = MemberScore.objects.filter(partner=offer.partner_id, member=member, segment=offer.audience_segment)
        if not scores.exists():
            return False
    purchases = Purchase.objects.filter(member=member, refunded_at__isnull=True)
    categories = [category.pk for category in offer.audience_categories.all()]
    if categories and not purchases.filter(category__in=categories).exists():
        return False
    recent = purchases.filter(purchased_at__gt=at - timedelta(days=offer.lapsed_days or 0))
    return not (offer.lapsed_days and recent.exists())


def offers_for(member, *, at=None) -> list[Offer]:
    """The live offers running today whose audience the member is in and whose budget is not spent."""
    at = at or club_now()
    offers = running(at).select_related("partner").prefetch_related("audience_categories").order_by("ends_on", "pk")
    return [offer for offer in offers if in_audience(offer, member, at) and not over_budget(offer)]


def over_budget(offer):
    return offer.budget is not None and spent(offer) >= offer.budget


def offer_shown(offer, member, *, at=None) -> OfferEvent:
    """The member's page showed the offer (each showing counts)."""
    return OfferEvent.objects.create(offer=offer, member=member, kind=Event.SHOWN, created_at=at or club_now())


def offer_taken(offer, member, *, at=None) -> Coupon:
    """The member takes the offer: their own one-use coupon at the offer's partner (taking it again returns the
    same coupon). Refused (ClubError) if the offer is not live, not running, not for them, or its budget is spent."""
    at = at or club_now()
    with transaction.atomic():
        member = lock_member(member)
        taken = OfferEvent.objects.filter(offer=offer, member=member, kind=Event.TAKEN).select_related("coupon").first()
        if taken is not None:
            return taken.coupon
        offer = Offer.objects.select_for_update().filter(pk=offer.pk).first()
        if offer is None or not running(at).filter(pk=offer.pk).exists():
            raise ClubError(_("Это предложение сейчас не действует."), code="offer_not_running")
        if not in_audience(offer, member, at):
            raise ClubError(_("Это предложение не для вашего статуса или истории покупок."), code="offer_audience")
        if over_budget(offer):
            raise ClubError(_("Бюджет предложения исчерпан."), code="offer_budget")
        start = today(at)
        coupon = Coupon.objects.create(
            code=f"OFFER{offer.pk}-{secrets.token_hex(4).upper()}",
            title=offer.title,
            kind=offer.kind,
            value=offer.value,
            partner=offer.partner,
            member=member,
            allowed_tiers=all_tiers(),
            valid_from=start,
            valid_to=min(offer.ends_on, start + timedelta(days=offer.coupon_days)),
            total_limit=1,
            per_member_limit=1,
        )
        OfferEvent.objects.create(offer=offer, member=member, kind=Event.TAKEN, coupon=coupon, created_at=at)
    return coupon


def redeemed(member, purchase, at):
    """In record_purchase's transaction: the purchase used an offer's coupon — record its revenue and cost."""
    redemption = getattr(purchase, "coupon_redemption", None)
    if redemption is None:
        return None
    taken = OfferEvent.objects.filter(kind=Event.TAKEN, coupon=redemption.coupon_id).first()
    if taken is None:
        return None
    try:
        with transaction.atomic():
            return OfferEvent.objects.create(
                offer_id=taken.offer_id, member=member, kind=Event.REDEEMED, coupon_id=redemption.coupon_id,
                purchase=purchase, revenue=purchase.turnover, spent=redemption.discount + redemption.bonus_points,
                created_at=at,
            )  # fmt: skip
    except IntegrityError:
        return None


def unredeemed(purchase, at) -> int:
    """The purchase was refunded whole: its redemption no longer counts in the figures or the budget."""
    return OfferEvent.objects.filter(purchase=purchase, kind=Event.REDEEMED, cancelled_at__isnull=True).update(
        cancelled_at=at
    )


@dataclass(frozen=True)
class OfferFigures:
    shown: int
    taken: int
    redeemed: int
    revenue: object
    spent: object


def offer_analytics(offer) -> OfferFigures:
    """Shown (each time), taken and redeemed (members), the redeeming purchases' revenue and what they cost; a
    redemption whose purchase was refunded whole no longer counts."""
    counts = offer.events.filter(cancelled_at__isnull=True).aggregate(
        shown=Count("pk", filter=Q(kind=Event.SHOWN)),
        taken=Count("pk", filter=Q(kind=Event.TAKEN)),
        redeemed=Count("pk", filter=Q(kind=Event.REDEEMED)),
        revenue=Sum("revenue", filter=Q(kind=Event.REDEEMED)),
        spent=Sum("spent", filter=Q(kind=Event.REDEEMED)),
    )
    return OfferFigures(
        counts["shown"], counts["taken"], counts["redeemed"], counts["revenue"] or ZERO, counts["spent"] or ZERO
    )


__all__ = ["OfferFigures", "in_audience", "offer_analytics", "offer_shown", "offer_taken", "offers_for"]
