"""The ЖильеGO prices demo (part of `seed_demo`): price rules, holiday prices, promo codes, a closed period."""

from datetime import date, timedelta

import pytest
from wagtail.models import Site

from bookings.analytics import BookingAnalytics, Grouping, Period
from bookings.models import BlockedPeriod, PriceOverride, PromoCode, RentalPricing
from catalog.models import RentalPropertyPage
from demo import bookings

pytestmark = pytest.mark.django_db


@pytest.fixture
def rental():
    """The property the booking tests book (tests/bookings/conftest.py): the demo leaves its price plain."""
    site = Site.objects.get(hostname="zhilego.localhost")
    return RentalPropertyPage.objects.live().descendant_of(site.root_page).filter(is_active=True).first()


def test_demo_prices_are_seeded_once(rental):
    home = rental.get_parent().get_parent()
    assert PromoCode.objects.filter(code="ASTANA10", is_active=True).exists()
    assert RentalPricing.objects.filter(weekend_price__isnull=False).count() == len(bookings.PRICING)
    assert PriceOverride.objects.exists() and BlockedPeriod.objects.exists()
    assert not RentalPricing.objects.filter(rental=rental).exists()  # the tests' property keeps its plain price
    assert bookings.seed(home) == 0


def test_demo_bookings_fill_the_analytics_and_are_made_once(rental, admin_user):
    home = rental.get_parent().get_parent()
    today = date(2027, 6, 15)
    created = bookings.seed_bookings(home, today=today, days_back=60, days_ahead=10)
    assert created > 50
    assert bookings.seed_bookings(home, today=today) == 0
    report = BookingAnalytics(admin_user, Period(today - timedelta(days=60), today, Grouping.MONTH))
    assert report.revenue().rows[-1][2] > 0
    titles = {row[0] for row in report.top_agencies().rows}
    assert {"Астана Комфорт", "Есиль Хоум"} <= titles
    assert report.cancellations().rows
    assert any(row[-1] for row in report.occupancy().rows)
