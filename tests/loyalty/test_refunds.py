"""Refunds, whole or in parts: each part reverses its share of the points earned and spent and of the turnover,
the parts never add up to more than the purchase, and a refund's number from the partner's system counts once."""

from decimal import Decimal

import pytest

from loyalty import services
from loyalty.models import LedgerEntry, Member, PurchaseRefund
from loyalty.services import ClubError
from tests.accounts.factories import UserFactory
from tests.loyalty.factories import buy, give_points, later

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


def balance(member):
    member = Member.objects.get(pk=member.pk)
    return member.points_available, member.points_pending


def assert_matches_ledger():
    assert services.verify_balances() == []


def test_a_part_reverses_its_share_of_the_points_earned_and_spent(clock, partner, member):
    give_points(member, 200)
    purchase = buy(partner, member, "2000", spend_points=200)  # 1 800 paid: 90 pending
    assert balance(member) == (Decimal(0), Decimal(90))
    services.refund_purchase(purchase, amount="500")  # a quarter: 50 of the points back, 22.50 of the earned out
    assert balance(member) == (Decimal(50), Decimal("67.50"))
    purchase.refresh_from_db()
    assert (purchase.refunded_amount, purchase.refunded_turnover, purchase.refunded_at) == (
        Decimal(500),
        Decimal(500),
        None,
    )
    services.refund_purchase(purchase)  # the rest
    assert balance(member) == (Decimal(200), Decimal(0))
    purchase.refresh_from_db()
    assert purchase.refunded_amount == Decimal(2000) and purchase.refunded_at is not None
    assert [refund.amount for refund in purchase.refunds.order_by("pk")] == [Decimal(500), Decimal(1500)]
    services.refund_purchase(purchase)  # whole already: nothing more
    assert purchase.refunds.count() == 2
    assert_matches_ledger()


def test_parts_add_up_exactly_to_the_whole(clock, partner, member):
    purchase = buy(partner, member, "1000")  # 50 pending
    for part in ("333.33", "333.33", "333.34"):
        services.refund_purchase(purchase, amount=part)
    reversed_points = sum(line.amount for line in purchase.ledger.filter(kind=Kind.REVERSAL))
    assert reversed_points == Decimal(-50)
    assert balance(member) == (Decimal(0), Decimal(0))
    assert_matches_ledger()


def test_more_than_is_left_is_refused_and_changes_nothing(clock, partner, member):
    purchase = buy(partner, member, "1000")
    services.refund_purchase(purchase, amount="600")
    before = (balance(member), purchase.ledger.count())
    with pytest.raises(ClubError) as refusal:
        services.refund_purchase(purchase, amount="400.01")
    assert refusal.value.code == "refund_too_much"
    assert "осталось вернуть 400" in refusal.value.messages[0]
    with pytest.raises(ClubError) as refusal:
        services.refund_purchase(purchase, amount="0")
    assert refusal.value.code == "invalid_refund_amount"
    purchase.refresh_from_db()
    assert purchase.refunded_amount == Decimal(600) and purchase.refunds.count() == 1
    assert (balance(member), purchase.ledger.count()) == before
    services.refund_purchase(purchase)  # the whole rest is still fine
    with pytest.raises(ClubError):
        services.refund_purchase(purchase, amount="1")


def test_the_same_refund_number_counts_once(clock, partner, member):
    purchase = buy(partner, member, "1000")
    services.refund_purchase(purchase, amount="300", external_id="R-1")
    services.refund_purchase(purchase, amount="300", external_id="R-1")  # the connector read it again
    services.refund_purchase(purchase, amount="300", external_id="R-2")
    assert sorted(PurchaseRefund.objects.filter(purchase=purchase).values_list("external_id", flat=True)) == [
        "R-1",
        "R-2",
    ]
    purchase.refresh_from_db()
    assert purchase.refunded_amount == Decimal(600)
    assert balance(member) == (Decimal(0), Decimal(20))


def test_a_part_refunded_while_pending_is_left_out_when_the_rest_is_released(clock, partner, member):
    purchase = buy(partner, member, "1000")  # 50 pending for 14 days
    services.refund_purchase(purchase, amount="400")
    assert balance(member) == (Decimal(0), Decimal(30))
    clock.shift(later(14))
    assert services.release_pending() == 1
    assert balance(member) == (Decimal(30), Decimal(0))
    assert_matches_ledger()
    services.refund_purchase(purchase, amount="600")
    assert balance(member) == (Decimal(0), Decimal(0))
    assert_matches_ledger()


def test_a_part_counts_against_the_tier_turnover(clock, partner, member):
    purchase = buy(partner, member, "10000", coupon_code=None)
    services.refund_purchase(purchase, amount="2500")
    assert services.progress(member) == (Decimal(7500), 1)
    services.refund_purchase(purchase)
    assert services.progress(member) == (Decimal(0), 0)


def test_a_purchase_refunded_in_part_while_it_waited_earns_on_the_rest(clock, partner):
    purchase = buy(partner, "+79161112233", "1000")
    services.refund_purchase(purchase, amount="200")
    member = services.join(UserFactory(), "+79161112233", consent=True)
    assert balance(member) == (Decimal(0), Decimal(40))
    purchase.refresh_from_db()
    assert purchase.member == member
    assert_matches_ledger()
