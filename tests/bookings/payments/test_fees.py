"""Commission 10%, provider fee 2.5%, and the realtor's payout, before and after refunds."""

from datetime import timedelta
from decimal import Decimal

import pytest

from bookings.lifecycle import cancel_by_guest, check_in_moment
from bookings.models import Booking, PaymentStatus
from bookings.payments.fees import money, percent_of
from tests.bookings.payments.conftest import pay_in_sandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking_of_45000(hold):
    Booking.objects.filter(pk=hold.pk).update(total=Decimal("45000.00"))
    hold.refresh_from_db()
    return hold


def test_a_payment_records_commission_fee_and_payout(sandbox_provider, booking_of_45000):
    payment = pay_in_sandbox(booking_of_45000)
    assert payment.amount == Decimal("45000.00")
    assert payment.commission == Decimal("4500.00")
    assert payment.provider_fee == Decimal("1125.00")
    assert payment.realtor_payout == Decimal("40500.00")  # cost minus the platform's commission
    assert payment.platform_income == Decimal("3375.00")  # the platform bears the provider's fee


def test_a_half_refund_halves_commission_and_payout_but_not_the_provider_fee(
    sandbox_provider, booking_of_45000, django_capture_on_commit_callbacks
):
    payment = pay_in_sandbox(booking_of_45000)
    thirteen_hours_before = check_in_moment(booking_of_45000) - timedelta(hours=13)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_by_guest(booking_of_45000, booking_of_45000.guest, now=thirteen_hours_before)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_amount == Decimal("22500.00")
    assert payment.commission == Decimal("2250.00")
    assert payment.provider_fee == Decimal("1125.00")
    assert payment.realtor_payout == Decimal("20250.00")


def test_odd_amounts_round_half_up_to_the_tiyn():
    assert percent_of(Decimal("33333.33"), 10) == Decimal("3333.33")
    assert percent_of(Decimal("12345"), Decimal("2.5")) == Decimal("308.63")  # 308.625
    assert percent_of(Decimal("12345"), 50) == Decimal("6172.50")
    assert money("0.005") == Decimal("0.01")


def test_rates_come_from_settings(settings, sandbox_provider, booking_of_45000):
    settings.PAYMENT_PLATFORM_COMMISSION_PERCENT = Decimal("15")
    settings.PAYMENT_PROVIDER_FEE_PERCENT = Decimal("3")
    payment = pay_in_sandbox(booking_of_45000)
    assert (payment.commission, payment.provider_fee, payment.realtor_payout) == (
        Decimal("6750.00"),
        Decimal("1350.00"),
        Decimal("38250.00"),
    )
