"""Tiers from a rolling year of purchases: up at once, down only after the grace period; Inner Circle by invitation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from catalog.models import Tier
from loyalty import services
from loyalty.models import LedgerEntry, Member, TierChange
from notifications.models import Notification
from tests.loyalty.factories import CATEGORIES, START, PartnerFactory, buy, category, later, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(clock):
    """One partner in each of the five categories."""
    return [PartnerFactory(category=category(slug)) for slug in CATEGORIES]


def tier(member):
    return Member.objects.get(pk=member.pk).tier


def spread(partners, member, total, categories):
    """`total` rubles of purchases across the first `categories` partners."""
    share = Decimal(total) / categories
    return [buy(partner, member, share) for partner in partners[:categories]]


def test_vip_needs_the_turnover_and_three_categories(partners, member):
    spread(partners, member, 40_000, 2)
    assert tier(member) == Tier.INSIDER  # enough money, two categories
    buy(partners[2], member, "100")
    assert tier(member) == Tier.VIP
    change = TierChange.objects.get(member=member)
    assert (change.old_tier, change.new_tier, change.reason) == (Tier.INSIDER, Tier.VIP, "upgrade")
    message = Notification.objects.get(recipient=member.user, kind="club.tier_changed", channel="email")
    assert "VIP" in message.subject and "7%" in message.body


def test_elite_earns_ten_percent(partners, member):
    spread(partners, member, 100_000, 5)
    assert tier(member) == Tier.ELITE
    purchase = buy(partners[0], member, "1000")
    assert purchase.ledger.get(kind=LedgerEntry.Kind.EARN).amount == Decimal(100)


def test_a_downgrade_waits_for_the_grace_period(clock, partners, member):
    spread(partners, member, 30_000, 3)
    assert tier(member) == Tier.VIP
    clock.shift(later(366))  # the purchases leave the rolling year
    assert services.recompute_tiers() == 0
    member.refresh_from_db()
    assert member.tier == Tier.VIP and member.downgrade_at is not None
    clock.shift(later(29))
    assert services.recompute_tiers() == 0
    clock.shift(later(1))
    assert services.recompute_tiers() == 1
    member.refresh_from_db()
    assert (member.tier, member.downgrade_at) == (Tier.INSIDER, None)
    assert Notification.objects.filter(recipient=member.user, kind="club.tier_changed").count() == 2


def test_buying_again_within_the_grace_period_keeps_the_tier(clock, partners, member):
    spread(partners, member, 30_000, 3)
    clock.shift(later(366))
    services.recompute_tiers()
    clock.shift(later(10))
    spread(partners, member, 30_000, 3)
    member.refresh_from_db()
    assert (member.tier, member.downgrade_at) == (Tier.VIP, None)


def test_a_refund_counts_against_the_tier_after_the_grace_period(clock, partners, member):
    purchases = spread(partners, member, 30_000, 3)
    services.refund_purchase(purchases[0])
    member.refresh_from_db()
    assert (member.tier, member.downgrade_at) == (Tier.VIP, START + later(30))


def test_inner_circle_is_by_the_superusers_invitation_only(clock, partners, member):
    with pytest.raises(PermissionDenied):
        services.invite_to_inner_circle(member, by=member.user)
    services.invite_to_inner_circle(member, by=superuser())
    assert tier(member) == Tier.INNER_CIRCLE
    assert TierChange.objects.get(member=member).changed_by == superuser()
    clock.shift(later(400))
    services.recompute_tiers()
    assert tier(member) == Tier.INNER_CIRCLE  # never recounted


def test_progress_counts_the_rolling_year(clock, partners, member):
    buy(partners[0], member, "5000")
    clock.shift(later(200))
    buy(partners[1], member, "7000")
    assert services.progress(member) == (Decimal(12000), 2)
    clock.shift(later(200))
    assert services.progress(member) == (Decimal(7000), 1)
