"""The ЖильеGO demo's booking data: prices, closed dates and promo codes, and a history of stays for the
analytics. These tests are about the seeded demo itself, so they read it; every other bookings test builds
its own data (tests/bookings/factories.py)."""

from datetime import date, timedelta

import pytest
from wagtail.models import Site

from bookings import demo
from bookings.analytics import BookingAnalytics, Grouping, Period
from bookings.models import BlockedPeriod, PriceOverride, PromoCode, RentalPricing
from catalog.models import RentalPropertyPage
from tests.conftest import DEMO_HOSTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return Site.objects.get(hostname=DEMO_HOSTS["zhilego"]).root_page


def test_demo_prices_are_seeded_once(home):
    first = RentalPropertyPage.objects.get(slug="obekt-001")
    assert PromoCode.objects.filter(code="ASTANA10", is_active=True).exists()
    assert RentalPricing.objects.filter(weekend_price__isnull=False).count() == len(demo.PRICING)
    assert PriceOverride.objects.exists() and BlockedPeriod.objects.exists()
    assert not RentalPricing.objects.filter(rental=first).exists()  # the first property keeps its plain price
    assert demo.seed(home) == 0


def test_demo_bookings_fill_the_analytics_and_are_made_once(home, admin_user):
    today = date(2027, 6, 15)
    created = demo.seed_bookings(home, today=today, days_back=60, days_ahead=10)
    assert created > 50
    assert demo.seed_bookings(home, today=today) == 0
    report = BookingAnalytics(admin_user, Period(today - timedelta(days=60), today, Grouping.MONTH))
    assert report.revenue().rows[-1][2] > 0
    titles = {row[0] for row in report.top_agencies().rows}
    assert {"Астана Комфорт", "Есиль Хоум"} <= titles
    assert report.cancellations().rows
    assert any(row[-1] for row in report.occupancy().rows)
