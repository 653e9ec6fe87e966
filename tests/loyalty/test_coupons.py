"""Coupons at the cashier: discounts and bonus points, limits, dates, tiers, partners; a refund gives the use back."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Tier
from loyalty import services
from loyalty.models import Coupon, CouponRedemption, LedgerEntry
from tests.loyalty.factories import CouponFactory, MemberFactory, PartnerFactory, buy

pytestmark = pytest.mark.django_db


def refused(*args, **kwargs):
    with pytest.raises(ValidationError) as error:
        buy(*args, **kwargs)
    return error.value.code


def test_a_percent_coupon_discounts_and_points_are_earned_on_what_was_paid(clock, partner, member):
    CouponFactory(code="SPRING10", value=Decimal(10))
    purchase = buy(partner, member, "3000", coupon_code="spring10")
    assert (purchase.discount, purchase.paid) == (Decimal(300), Decimal(2700))
    assert purchase.ledger.get(kind=LedgerEntry.Kind.EARN).amount == Decimal(135)
    assert CouponRedemption.objects.get(purchase=purchase).discount == Decimal(300)
    assert Coupon.objects.get(code="SPRING10").times_used == 1


def test_a_fixed_coupon_never_discounts_more_than_the_purchase(clock, partner, member):
    CouponFactory(code="MINUS500", kind=Coupon.Kind.FIXED, value=Decimal(500))
    purchase = buy(partner, member, "400", coupon_code="MINUS500")
    assert (purchase.discount, purchase.paid) == (Decimal(400), Decimal(0))
    assert not purchase.ledger.exists()


def test_a_points_coupon_gives_bonus_points_with_the_purchase(clock, partner, member):
    CouponFactory(code="BONUS300", kind=Coupon.Kind.POINTS, value=Decimal(300))
    purchase = buy(partner, member, "1000", coupon_code="BONUS300")
    bonus = purchase.ledger.get(kind=LedgerEntry.Kind.BONUS)
    assert (bonus.amount, bonus.pending) == (Decimal(300), True)
    member.refresh_from_db()
    assert member.points_pending == Decimal(350)


def test_limits_per_member_and_in_total(clock, partner):
    CouponFactory(code="TWO", total_limit=2, per_member_limit=1)
    first, second, third = MemberFactory(), MemberFactory(), MemberFactory()
    buy(partner, first, "1000", coupon_code="TWO")
    assert refused(partner, first, "1000", coupon_code="TWO") == "coupon_member_used_up"
    buy(partner, second, "1000", coupon_code="TWO")
    assert refused(partner, third, "1000", coupon_code="TWO") == "coupon_used_up"


def test_a_refund_gives_the_use_back(clock, partner, member):
    CouponFactory(code="ONCE", total_limit=1)
    purchase = buy(partner, member, "1000", coupon_code="ONCE")
    services.refund_purchase(purchase)
    assert Coupon.objects.get(code="ONCE").times_used == 0
    assert CouponRedemption.objects.get(purchase=purchase).reversed_at is not None
    buy(partner, member, "1000", coupon_code="ONCE")


def test_dates_tiers_partners_and_owners_are_checked(clock, partner, member):
    other_partner = PartnerFactory()
    CouponFactory(code="LATER", valid_from=date(2027, 4, 1))
    CouponFactory(code="OLD", valid_to=date(2027, 3, 9))
    CouponFactory(code="VIPONLY", allowed_tiers=[Tier.VIP, Tier.ELITE])
    CouponFactory(code="THERE", partner=other_partner)
    CouponFactory(code="HERS", member=MemberFactory())
    CouponFactory(code="OFF", is_active=False)
    assert refused(partner, member, "1000", coupon_code="LATER") == "coupon_not_started"
    assert refused(partner, member, "1000", coupon_code="OLD") == "coupon_expired"
    assert refused(partner, member, "1000", coupon_code="VIPONLY") == "coupon_tier"
    assert refused(partner, member, "1000", coupon_code="THERE") == "coupon_other_partner"
    assert refused(partner, member, "1000", coupon_code="HERS") == "coupon_other_member"
    assert refused(partner, member, "1000", coupon_code="OFF") == "coupon_not_found"
    assert refused(partner, member, "1000", coupon_code="NOPE") == "coupon_not_found"
    assert not member.purchases.exists()
    assert Coupon.objects.filter(times_used__gt=0).count() == 0


def test_the_coupon_form_shows_tiers_as_checkboxes(clock):
    from loyalty.models.coupons import CouponForm

    form_class = Coupon.snippet_viewset.get_form_class()
    assert issubclass(form_class, CouponForm)
    form = form_class(data={"code": "X", "kind": "percent", "value": "5", "allowed_tiers": ["vip", "insider"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["allowed_tiers"] == ["insider", "vip"]
    assert services.coupon_summary(CouponFactory.build(kind=Coupon.Kind.PERCENT, value=Decimal(10))) == "−10\u00a0%"
