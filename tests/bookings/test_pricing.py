"""The price of a stay (issue 5.1): overrides, weekend price, long-stay discounts, and what a hold stores."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.pricing import NightKind, quote
from bookings.services import create_hold
from tests.bookings.factories import PriceOverrideFactory, PromoCodeFactory, RentalFactory, RentalPricingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def friday(future):
    """A Friday far ahead: its night and Saturday's are the weekend nights."""
    day = future(0)
    return day + timedelta(days=(4 - day.weekday()) % 7)


@pytest.fixture
def rules(rental):
    return RentalPricingFactory(
        rental=rental,
        weekend_price=rental.price_per_night + 5000,
        week_discount_percent=Decimal("10"),
        month_discount_percent=Decimal("25"),
    )


def test_without_rules_every_night_costs_the_nightly_price(rental, future):
    price = quote(rental, future(0), future(3))
    assert price.nights == 3
    assert price.nightly_prices == (rental.price_per_night,) * 3
    assert price.total == price.subtotal == rental.price_per_night * 3
    assert price.discount == 0
    assert not price.prices_differ


def test_weekend_price_applies_to_friday_and_saturday_nights_only(rental, rules, friday):
    thursday, monday = friday - timedelta(days=1), friday + timedelta(days=3)
    price = quote(rental, thursday, monday)
    base, weekend = rental.price_per_night, rules.weekend_price
    assert price.nightly_prices == (base, weekend, weekend, base)  # Thu, Fri, Sat, Sun nights
    assert [night.kind for night in price.night_list] == [
        NightKind.BASE,
        NightKind.WEEKEND,
        NightKind.WEEKEND,
        NightKind.BASE,
    ]
    assert price.total == 2 * base + 2 * weekend
    assert price.prices_differ


def test_a_date_override_beats_the_weekend_and_the_nightly_price(rental, rules, friday):
    PriceOverrideFactory(rental=rental, date=friday, price=Decimal("99000"))
    PriceOverrideFactory(rental=rental, date=friday + timedelta(days=2), price=Decimal("15000"))
    price = quote(rental, friday, friday + timedelta(days=3))
    assert price.nightly_prices == (Decimal("99000"), rules.weekend_price, Decimal("15000"))
    assert price.night_list[0].kind == NightKind.OVERRIDE


def test_overrides_of_other_properties_and_dates_do_not_count(rental, friday):
    other = RentalFactory()
    PriceOverrideFactory(rental=other, date=friday, price=Decimal("99000"))
    PriceOverrideFactory(rental=rental, date=friday + timedelta(days=5), price=Decimal("99000"))
    assert quote(rental, friday, friday + timedelta(days=2)).total == rental.price_per_night * 2


@pytest.mark.parametrize(
    ("nights", "week", "month", "percent"),
    [
        (6, "10", "25", "0"),
        (7, "10", "25", "10"),
        (29, "10", "25", "10"),
        (30, "10", "25", "25"),
        (30, "10", "0", "10"),
    ],
)
def test_long_stay_discount_from_7_and_from_30_nights(rental, future, nights, week, month, percent):
    RentalPricingFactory(rental=rental, week_discount_percent=Decimal(week), month_discount_percent=Decimal(month))
    price = quote(rental, future(0), future(nights))
    subtotal = rental.price_per_night * nights
    assert price.long_stay_percent == Decimal(percent)
    assert price.long_stay_discount == subtotal * Decimal(percent) / 100
    assert price.total == subtotal - price.long_stay_discount


def test_discounts_round_to_whole_tenge(rental, future):
    RentalPricingFactory(rental=rental, week_discount_percent=Decimal("7.5"))
    PriceOverrideFactory(rental=rental, date=future(0), price=Decimal("10001"))
    price = quote(rental, future(0), future(7))
    exact = price.subtotal * Decimal("0.075")
    assert price.long_stay_discount == exact.quantize(Decimal("1"))
    assert price.total == price.total.quantize(Decimal("1"))


def test_all_rules_together_with_a_promo_code(rental, rules, friday):
    """8 nights from a Friday: an override, three weekend nights, four plain ones; 10% off; then 5 000 ₸ off."""
    PriceOverrideFactory(rental=rental, date=friday + timedelta(days=3), price=Decimal("30000"))
    PromoCodeFactory(code="MINUS5000", kind="fixed", value=Decimal("5000"))
    price = quote(rental, friday, friday + timedelta(days=8), "minus5000")
    base, weekend = rental.price_per_night, rules.weekend_price
    subtotal = 3 * weekend + Decimal("30000") + 4 * base  # Fri, Sat, next Fri weekend; Mon override
    assert price.subtotal == subtotal
    assert price.long_stay_discount == (subtotal / 10).quantize(Decimal("1"))
    assert price.promo_discount == Decimal("5000")
    assert price.total == subtotal - price.long_stay_discount - Decimal("5000")
    assert price.discount == price.long_stay_discount + Decimal("5000")


def test_quote_costs_the_same_queries_for_any_stay_length(rental, rules, future):
    PromoCodeFactory(code="LIMITED", kind="percent", value=Decimal("5"), usage_limit=10)
    for offset in range(0, 80, 3):
        PriceOverrideFactory(rental=rental, date=future(offset), price=Decimal("25000"))

    def queries(nights):
        fresh = type(rental).objects.get(pk=rental.pk)
        with CaptureQueriesContext(connection) as captured:
            quote(fresh, future(0), future(nights), "LIMITED")
        return len(captured)

    short, long = queries(2), queries(85)
    assert short == long <= 4


def test_a_hold_stores_the_quoted_total(rental, rules, guest, details, friday):
    booking = create_hold(
        rental_id=rental.pk,
        guest=guest,
        check_in=friday,
        check_out=friday + timedelta(days=3),
        details=details,
    )
    assert booking.total == 2 * rules.weekend_price + rental.price_per_night
    assert booking.discount == 0 and booking.promo_code is None
