"""ЖильеGO demo prices and dates: weekend prices and long-stay discounts, holiday prices, promo codes and
a closed period, on a few demo properties (not the first one, which the tests book at its plain price).

Idempotent: a property that already has rules, overrides or a closed period is left as it is."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from bookings.models import BlockedPeriod, BlockReason, DiscountKind, PriceOverride, PromoCode, RentalPricing
from catalog.models import RentalPropertyPage

# slug: (weekend surcharge %, discount from 7 nights %, from 30 nights %)
PRICING = {"obekt-002": (20, 10, 25), "obekt-003": (15, 7, 20), "obekt-005": (25, 0, 15)}
# Kazakhstan's holidays that fill Astana: Nauryz, the Capital's Day, Independence Day (month, day, nights)
HOLIDAYS = [(3, 21, 3), (7, 6, 1), (12, 16, 1)]
HOLIDAY_SURCHARGE = Decimal("1.5")
HOLIDAY_RENTALS = ["obekt-002", "obekt-006"]
BLOCKED = {"obekt-004": (10, 4, BlockReason.REPAIRS, "Демо: замена смесителя в ванной")}
PROMO_CODES = [
    # code, kind, value, minimum sum, total uses, uses per guest
    ("ASTANA10", DiscountKind.PERCENT, Decimal("10"), Decimal("30000"), 500, 1),
    ("ZHILEGO5000", DiscountKind.FIXED, Decimal("5000"), Decimal("50000"), 100, 1),
]


def seed(home, *, scale=0, stdout=None, today=None):
    """Add the demo price rules, holiday prices, promo codes and a closed period; return how many were created."""
    today = today or timezone.localdate()
    rentals = {
        page.slug: page
        for page in RentalPropertyPage.objects.descendant_of(home).filter(
            slug__in=[*PRICING, *HOLIDAY_RENTALS, *BLOCKED]
        )
    }
    created = 0
    for slug, (weekend, week, month) in PRICING.items():
        if slug in rentals:
            rental = rentals[slug]
            _rules, made = RentalPricing.objects.get_or_create(
                rental=rental,
                defaults={
                    "weekend_price": round_hundreds(rental.price_per_night * (100 + weekend) / 100),
                    "week_discount_percent": week,
                    "month_discount_percent": month,
                },
            )
            created += made
    for slug in HOLIDAY_RENTALS:
        if slug in rentals and not PriceOverride.objects.filter(rental=rentals[slug]).exists():
            rental = rentals[slug]
            price = round_hundreds(rental.price_per_night * HOLIDAY_SURCHARGE)
            nights = [night for holiday in HOLIDAYS for night in holiday_nights(holiday, today)]
            PriceOverride.objects.bulk_create(PriceOverride(rental=rental, date=night, price=price) for night in nights)
            created += len(nights)
    for slug, (in_days, nights, reason, note) in BLOCKED.items():
        if slug in rentals and not BlockedPeriod.objects.filter(rental=rentals[slug]).exists():
            start = today + timedelta(days=in_days)
            BlockedPeriod.objects.create(
                rental=rentals[slug], start=start, end=start + timedelta(days=nights), reason=reason, note=note
            )
            created += 1
    for code, kind, value, min_total, usage_limit, per_user_limit in PROMO_CODES:
        _promo, made = PromoCode.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "value": value,
                "min_total": min_total,
                "usage_limit": usage_limit,
                "per_user_limit": per_user_limit,
            },
        )
        created += made
    if stdout is not None and created:
        stdout.write(f"  ЖильеGO: {created} цен, закрытых дат и промокодов")
    return created


def round_hundreds(amount):
    return (Decimal(amount) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 100


def holiday_nights(holiday, today):
    """The nights of the holiday's next occurrence from today."""
    month, day, nights = holiday
    first = date(today.year, month, day)
    if first < today:
        first = date(today.year + 1, month, day)
    return [first + timedelta(days=offset) for offset in range(nights)]
