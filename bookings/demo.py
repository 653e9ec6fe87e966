"""ЖильеGO demo prices and dates: weekend prices and long-stay discounts, holiday prices, promo codes and
a closed period, on a few demo properties (not the first one, which the tests book at its plain price).

Idempotent: a property that already has rules, overrides or a closed period is left as it is."""

import random
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


# -- demo bookings, for the analytics and the booking lists (`manage.py seed_demo_bookings`) -------------------------

DEMO_GUESTS = [
    # email, first name, last name, phone
    ("guest1@demo.example.com", "Алия", "Нурланова", "+77011110001"),
    ("guest2@demo.example.com", "Тимур", "Ахметов", "+77011110002"),
    ("guest3@demo.example.com", "Светлана", "Ли", "+77011110003"),
    ("guest4@demo.example.com", "Бауыржан", "Касымов", "+77011110004"),
    ("guest5@demo.example.com", "Ольга", "Петренко", "+77011110005"),
]
BOOKED_RENTALS = 12  # the first demo properties (the agencies' six among them) get a history of stays
DAYS_BACK, DAYS_AHEAD = 120, 45
STAFF_REASONS = ["Авария в квартире: протечка", "Гость не вышел на связь", "Двойное бронирование по телефону"]


def seed_bookings(home, *, today=None, stdout=None):
    """Stays over the last four months and the next weeks, paid, some cancelled; nothing if demo guests booked."""
    from django.contrib.auth import get_user_model

    from bookings.models import Booking

    if Booking.objects.filter(guest__email__in=[guest[0] for guest in DEMO_GUESTS]).exists():
        return 0
    today = today or timezone.localdate()
    users = get_user_model().objects
    guests = []
    for email, first_name, last_name, phone in DEMO_GUESTS:
        guest = users.filter(email=email).first() or users.create_user(
            email=email, password=None, first_name=first_name, last_name=last_name
        )
        guests.append((guest, phone))
    rentals = list(
        RentalPropertyPage.objects.descendant_of(home).live().filter(slug__regex=r"^obekt-\d{3}$").order_by("slug")
    )[:BOOKED_RENTALS]
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    created = 0
    for rental in rentals:
        created += DemoStays(rental, guests, rng, today).create()
    if stdout is not None and created:
        stdout.write(f"  ЖильеGO: {created} демо-бронирований")
    return created


class DemoStays:
    """One property's back-to-back stays, with gaps, from DAYS_BACK days ago to DAYS_AHEAD days ahead."""

    def __init__(self, rental, guests, rng, today):
        self.rental, self.guests, self.rng, self.today = rental, guests, rng, today
        self.blocked = list(BlockedPeriod.objects.filter(rental=rental).values_list("start", "end"))
        self.owner = rental.owner

    def create(self):
        created = 0
        day = self.today - timedelta(days=DAYS_BACK)
        end = self.today + timedelta(days=DAYS_AHEAD)
        while True:
            check_in = day + timedelta(days=self.rng.choice([0, 0, 1, 2, 3, 5]))
            check_out = check_in + timedelta(days=self.rng.choice([1, 2, 2, 3, 3, 4, 5, 7]))
            if check_out > end:
                return created
            day = check_out
            if any(start < check_out and check_in < stop for start, stop in self.blocked):
                continue
            self.book(check_in, check_out)
            created += 1

    def status(self, check_in, check_out):
        from bookings.models import BookingStatus

        if self.rng.random() < 0.12:
            return BookingStatus.CANCELLED
        if check_out <= self.today:
            return BookingStatus.COMPLETED
        if check_in <= self.today:
            return BookingStatus.CHECKED_IN
        return BookingStatus.CONFIRMED

    def book(self, check_in, check_out):
        from bookings.models import Booking, BookingStatus, BookingStatusChange, Payment, PaymentStatus
        from bookings.payments.fees import platform_commission, provider_fee
        from bookings.pricing import quote

        guest, phone = self.rng.choice(self.guests)
        status = self.status(check_in, check_out)
        price = quote(self.rental, check_in, check_out)
        booked_at = timezone.now() - timedelta(days=max((self.today - check_in).days, 0) + self.rng.randint(3, 20))
        booking = Booking.objects.create(
            rental=self.rental,
            guest=guest,
            check_in=check_in,
            check_out=check_out,
            guests_count=self.rng.randint(1, 3),
            guest_name=guest.get_full_name() or guest.email,
            guest_phone=phone,
            guest_email=guest.email,
            nights=price.nights,
            total=price.total,
            status=status,
            rules_accepted_at=booked_at,
        )
        refunded = price.total if status == BookingStatus.CANCELLED else Decimal("0")
        Payment.objects.create(
            booking=booking,
            provider="sandbox",
            amount=price.total,
            status=PaymentStatus.REFUNDED if refunded else PaymentStatus.PAID,
            commission=platform_commission(price.total - refunded),
            provider_fee=provider_fee(price.total),
            refunded_amount=refunded,
            paid_at=booked_at,
        )
        history = [(BookingStatus.HOLD, BookingStatus.CONFIRMED, guest, "")]
        if status == BookingStatus.CANCELLED:
            if self.rng.random() < 0.6 or self.owner is None:
                history.append((BookingStatus.CONFIRMED, status, guest, "Отменено гостем"))
            else:
                history.append((BookingStatus.CONFIRMED, status, self.owner, self.rng.choice(STAFF_REASONS)))
        if status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
            history.append((BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, self.owner, "Гость заселился"))
        if status == BookingStatus.COMPLETED:
            history.append((BookingStatus.CHECKED_IN, status, self.owner, "Гость выехал"))
        BookingStatusChange.objects.bulk_create(
            [
                BookingStatusChange(booking=booking, from_status=old, to_status=new, changed_by=by, reason=reason)
                for old, new, by, reason in [("", BookingStatus.HOLD, guest, ""), *history]
            ]
        )
