"""Twenty cashiers at once: one member's balance never goes below zero, a coupon's total limit holds, and partial
refunds of one purchase never add up to more than it."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from loyalty.models import Coupon, CouponRedemption, EventFundLine, LedgerEntry, Member, Purchase, PurchaseRefund
from loyalty.services import ClubError, record_purchase, refund_purchase, verify_balances
from tests.bookings.conftest import run_concurrently
from tests.loyalty.factories import CouponFactory, MemberFactory, PartnerFactory, delete_club_site, give_points
from tests.loyalty.factories import partners_index as club_partners

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
ATTEMPTS = 20
RACE_HOST = "club-race.localhost"


@pytest.fixture
def committed_partner(committed_rows):
    """A partner the threads' connections see; deleted after everything else the test committed."""
    [partner] = run_concurrently([lambda: PartnerFactory(parent=club_partners(RACE_HOST))])
    assert not isinstance(partner, Exception), partner
    committed_rows(lambda: delete_club_site(RACE_HOST))
    return partner


@pytest.fixture
def committed_members(committed_partner, committed_rows):
    def make(count, points):
        def build():
            members = [MemberFactory(phone=f"+7926555{index:04d}") for index in range(count)]
            for member in members:
                if points:
                    give_points(member, points)
            return members

        [members] = run_concurrently([build])
        assert not isinstance(members, Exception), members
        return members

    def clean():
        members = Member.objects.filter(phone__startswith="+7926555")
        CouponRedemption.objects.filter(member__in=members).delete()
        LedgerEntry.objects.filter(member__in=members, reverses__isnull=False).delete()
        LedgerEntry.objects.filter(member__in=members).delete()
        EventFundLine.objects.filter(purchase__partner=committed_partner).delete()
        PurchaseRefund.objects.filter(purchase__partner=committed_partner).delete()
        Purchase.objects.filter(partner=committed_partner).delete()
        Coupon.objects.filter(code="RACE").delete()
        users = list(members.values_list("user", flat=True))
        members.delete()
        get_user_model().objects.filter(pk__in=users).delete()
        get_user_model().objects.filter(email="club-admin@example.com").delete()

    committed_rows(clean)
    return make


def test_concurrent_spending_never_drives_the_balance_below_zero(committed_partner, committed_members):
    [member] = committed_members(1, points=500)

    def spend(index):
        return lambda: record_purchase(
            committed_partner, f"race-{index}", "1000", member, source="cashier", spend_points=100
        )

    results = run_concurrently([spend(index) for index in range(ATTEMPTS)])
    spent = [result for result in results if isinstance(result, tuple)]
    refused = [result for result in results if not isinstance(result, tuple)]
    assert len(spent) == 5
    assert all(isinstance(error, ClubError) and error.code == "not_enough_points" for error in refused), refused
    member.refresh_from_db()
    assert member.points_available == Decimal(0)
    assert verify_balances() == []


def test_a_coupons_total_limit_holds_under_concurrency(committed_partner, committed_members):
    members = committed_members(ATTEMPTS, points=0)
    [coupon] = run_concurrently([lambda: CouponFactory(code="RACE", total_limit=3)])

    def use(member):
        return lambda: record_purchase(
            committed_partner, f"coupon-{member.pk}", "1000", member, source="cashier", coupon_code="race"
        )

    results = run_concurrently([use(member) for member in members])
    used = [result for result in results if isinstance(result, tuple)]
    refused = [result for result in results if not isinstance(result, tuple)]
    assert len(used) == 3
    assert {error.code for error in refused} == {"coupon_used_up"}
    coupon.refresh_from_db()
    assert coupon.times_used == 3 == CouponRedemption.objects.filter(coupon=coupon).count()


def test_concurrent_partial_refunds_never_exceed_the_purchase(committed_partner, committed_members):
    [member] = committed_members(1, points=0)
    [(purchase, _created)] = run_concurrently(
        [lambda: record_purchase(committed_partner, "refund-race", "1000", member, source="cashier")]
    )

    def refund(index):
        return lambda: refund_purchase(purchase, amount="300", external_id=f"R-{index}")

    results = run_concurrently([refund(index) for index in range(ATTEMPTS)])
    refunded = [result for result in results if isinstance(result, Purchase)]
    refused = [result for result in results if not isinstance(result, Purchase)]
    assert len(refunded) == 3
    assert {error.code for error in refused} == {"refund_too_much"}, refused
    purchase.refresh_from_db()
    assert purchase.refunded_amount == Decimal(900) == sum(refund.amount for refund in purchase.refunds.all())
    member.refresh_from_db()
    assert member.points_pending == Decimal(5)  # 50 earned, 3 × 15 taken back
    assert verify_balances() == []
