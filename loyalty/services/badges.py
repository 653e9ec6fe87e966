"""Badges for achievements, awarded once each by record_purchase (inside its transaction) through `after_purchase`;
`member_badges` for the member's profile."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from loyalty.models import Badge, ChainProgress, MemberBadge, Purchase, Referral

Code = Badge.Code
PARTNERS_FOR_BADGE = 5


def award(member, code, at, purchase=None) -> MemberBadge | None:
    """Give the badge unless the member has it or it is switched off."""
    badge = Badge.objects.filter(code=code, is_active=True).first()
    if badge is None or MemberBadge.objects.filter(member=member, badge=badge).exists():
        return None
    try:
        with transaction.atomic():
            return MemberBadge.objects.create(member=member, badge=badge, purchase=purchase, awarded_at=at)
    except IntegrityError:
        return None


def after_purchase(member, purchase, at, referral=None) -> list[MemberBadge]:
    """The badges this purchase earned: for its member and, for a rewarded invitation, for the inviter."""
    earlier = (
        Purchase.objects.filter(member=member, refunded_at__isnull=True)
        .exclude(pk=purchase.pk)
        .aggregate(
            purchases=Count("pk"),
            in_category=Count("pk", filter=Q(category=purchase.category_id)),
            partners=Count("partner", distinct=True),
            at_partner=Count("pk", filter=Q(partner=purchase.partner_id)),
        )
    )  # one query for the three purchase badges, whatever the member's history
    codes = []
    if earlier["purchases"] and not earlier["in_category"]:
        codes.append(Code.NEW_CATEGORY)
    if ChainProgress.objects.filter(member=member, completed_at__isnull=False).exists():
        codes.append(Code.FIRST_CHAIN)
    partners = earlier["partners"] + (not earlier["at_partner"])
    if partners >= PARTNERS_FOR_BADGE:
        codes.append(Code.FIVE_PARTNERS)
    awarded = [award(member, code, at, purchase) for code in codes]
    if referral is not None and referral.outcome == Referral.Outcome.REWARDED:
        awarded.append(award(referral.inviter, Code.REFERRAL, at))
    return [badge for badge in awarded if badge is not None]


def member_badges(member) -> list[MemberBadge]:
    """The member's badges, the first earned first, with their catalogue rows (one query)."""
    return list(member.badges.select_related("badge").filter(badge__is_active=True))


__all__ = ["after_purchase", "member_badges"]
