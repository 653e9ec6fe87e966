"""Tiers from purchases over a rolling period (ClubRules.tier_period_days, 365 days by default).

A member's turnover is the sum of their purchases in the period, less coupon discounts and refunds (a partial
refund takes its share of the turnover); categories are the distinct business categories of those purchases.
Going up happens at once; going down only after `downgrade_grace_days` below the threshold (`Member.downgrade_at`),
and is called off if the member is back above it by then. Inner Circle is given by the superuser only and never
recounted."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Sum

from catalog.models import Tier
from catalog.models.partners import now as club_now
from loyalty.models import ClubRules, Member, Purchase, TierChange
from loyalty.models.members import TIER_ORDER
from loyalty.notify import tier_changed
from loyalty.services.ledger import ZERO, lock_member


def counted_purchases(rules, at):
    return Purchase.objects.filter(
        member__isnull=False, refunded_at__isnull=True, purchased_at__gt=at - timedelta(days=rules.tier_period_days)
    )


def tier_for(turnover, categories, rules):
    if turnover >= rules.elite_turnover and categories >= rules.elite_categories:
        return Tier.ELITE
    if turnover >= rules.vip_turnover and categories >= rules.vip_categories:
        return Tier.VIP
    return Tier.INSIDER


def progress(member, rules=None, at=None):
    """(turnover, categories) of the member over the tier period: for the tier and the member's progress bar."""
    rules = rules or ClubRules.current()
    stats = (
        counted_purchases(rules, at or club_now())
        .filter(member=member)
        .aggregate(
            turnover=Sum(F("amount") - F("discount") - F("refunded_turnover")),
            categories=Count("category", distinct=True),
        )
    )
    return stats["turnover"] or ZERO, stats["categories"]


def change_tier(member, tier, reason, at, by=None):
    """Record and announce the move (member locked by the caller)."""
    TierChange.objects.create(
        member=member, old_tier=member.tier, new_tier=tier, reason=reason, changed_by=by, created_at=at
    )
    member.tier, member.tier_since, member.downgrade_at = tier, at, None
    member.save(update_fields=["tier", "tier_since", "downgrade_at"])
    tier_changed(member)


def recompute_tier(member, rules, at):
    """The member's tier after their purchases (member locked by the caller). Returns the new tier."""
    if member.tier == Tier.INNER_CIRCLE:
        return member.tier
    target = tier_for(*progress(member, rules, at), rules)
    if TIER_ORDER[target] > TIER_ORDER[member.tier]:
        change_tier(member, target, TierChange.Reason.UPGRADE, at)
    elif TIER_ORDER[target] == TIER_ORDER[member.tier]:
        if member.downgrade_at is not None:
            member.downgrade_at = None
            member.save(update_fields=["downgrade_at"])
    elif member.downgrade_at is None:
        member.downgrade_at = at + timedelta(days=rules.downgrade_grace_days)
        member.save(update_fields=["downgrade_at"])
    elif member.downgrade_at <= at:
        change_tier(member, target, TierChange.Reason.DOWNGRADE, at)
    return member.tier


def recompute_tiers(at=None) -> int:
    """Nightly: recount every member whose tier may move; returns how many changed tier."""
    at = at or club_now()
    rules = ClubRules.current()
    stats = {
        row["member"]: (row["turnover"], row["categories"])
        for row in counted_purchases(rules, at)
        .values("member")
        .annotate(
            turnover=Sum(F("amount") - F("discount") - F("refunded_turnover")),
            categories=Count("category", distinct=True),
        )
    }
    changed = 0
    members = Member.objects.exclude(tier=Tier.INNER_CIRCLE).values_list("pk", "tier", "downgrade_at")
    for pk, tier, downgrade_at in members.iterator():
        target = tier_for(*stats.get(pk, (ZERO, 0)), rules)
        if target == tier and downgrade_at is None:
            continue
        with transaction.atomic():
            member = lock_member(pk)
            before = member.tier
            changed += recompute_tier(member, rules, at) != before
    return changed


def invite_to_inner_circle(member, *, by, at=None):
    """Only the superuser invites to Inner Circle; the member keeps it until the superuser changes it."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied
    at = at or club_now()
    with transaction.atomic():
        member = lock_member(member)
        if member.tier != Tier.INNER_CIRCLE:
            change_tier(member, Tier.INNER_CIRCLE, TierChange.Reason.INVITATION, at, by=by)
    return member


__all__ = ["invite_to_inner_circle", "progress", "recompute_tier", "recompute_tiers", "tier_for"]
