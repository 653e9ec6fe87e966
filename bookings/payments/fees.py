"""What the platform and the payment provider take from a payment (see bookings/models/payments.py)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """Tenge with two decimals, half up, as everywhere in bookings."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount, percent) -> Decimal:
    return money(Decimal(amount) * Decimal(percent) / 100)


def platform_commission(kept_amount) -> Decimal:
    return percent_of(kept_amount, settings.PAYMENT_PLATFORM_COMMISSION_PERCENT)


def provider_fee(amount) -> Decimal:
    return percent_of(amount, settings.PAYMENT_PROVIDER_FEE_PERCENT)
