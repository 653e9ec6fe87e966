"""ЖильеGO demo prices and dates: weekend prices and long-stay discounts, holiday prices, promo codes and
a closed period, on a few demo properties (not the first one, which the tests book at its plain price).

Idempotent: a property that already has rules, overrides or a closed period is left as it is."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import (
    BlockedPeriod,
    BlockReason,
    Booking,
    BookingStatus,
    BookingStatusChange,
    DiscountKind,
    Payment,
    PaymentStatus,
    PriceOverride,
    PromoCode,
    RentalPricing,
)
from bookings.payments.fees import platform_commission, provider_fee
from bookings.pricing import quote
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
CANCELLED_SHARE, CANCELLED_BY_GUEST_SHARE = 0.12, 0.6
STAFF_REASONS = ["Авария в квартире: протечка", "Гость не вышел на связь", "Двойное бронирование по телефону"]


def seed_bookings(home, *, today=None, days_back=DAYS_BACK, days_ahead=DAYS_AHEAD, stdout=None):
    """Paid stays from `days_back` days ago to `days_ahead` days ahead, some cancelled, with their payments and
    status history; nothing if the demo guests have bookings already. Returns how many bookings were made."""
    if Booking.objects.filter(guest__email__in=[guest[0] for guest in DEMO_GUESTS]).exists():
        return 0
    today = today or timezone.localdate()
    guests = demo_guests()
    rentals = list(
        RentalPropertyPage.objects.descendant_of(home)
        .live()
        .filter(slug__regex=r"^obekt-\d{3}$")
        .select_related("pricing", "owner")
        .order_by("slug")[:BOOKED_RENTALS]
    )
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    created = 0
    for rental in rentals:
        stays = DemoStays(rental, guests, rng, today)
        created += stays.create(today - timedelta(days=days_back), today + timedelta(days=days_ahead))
    if stdout is not None and created:
        stdout.write(f"  ЖильеGO: {created} демо-бронирований")
    return created


def demo_guests():
    users = get_user_model().objects
    guests = []
    for email, first_name, last_name, phone in DEMO_GUESTS:
        guest = users.filter(email=email).first() or users.create_user(
            email=email, password=None, first_name=first_name, last_name=last_name
        )
        guests.append((guest, phone))
    return guests


class DemoStays:
    """One property's stays, one after another with gaps, each priced by the price calendar."""

    def __init__(self, rental, guests, rng, today):
        self.rental, self.guests, self.rng, self.today = rental, guests, rng, today
        self.blocked = list(BlockedPeriod.objects.filter(rental=rental).values_list("start", "end"))

    def create(self, first_day, last_day):
        stays, day = [], first_day
        while True:
            check_in = day + timedelta(days=self.rng.choice([0, 0, 1, 2, 3, 5]))
            check_out = check_in + timedelta(days=self.rng.choice([1, 2, 2, 3, 3, 4, 5, 7]))
            if check_out > last_day:
                break
            day = check_out
            if not any(start < check_out and check_in < stop for start, stop in self.blocked):
                stays.append(self.booking(check_in, check_out))
        bookings = Booking.objects.bulk_create(stays)
        Payment.objects.bulk_create(self.payment(booking) for booking in bookings)
        BookingStatusChange.objects.bulk_create(change for booking in bookings for change in self.history(booking))
        return len(bookings)

    def status(self, check_in, check_out):
        if self.rng.random() < CANCELLED_SHARE:
            return BookingStatus.CANCELLED
        if check_out <= self.today:
            return BookingStatus.COMPLETED
        if check_in <= self.today:
            return BookingStatus.CHECKED_IN
        return BookingStatus.CONFIRMED

    def booking(self, check_in, check_out):
        guest, phone = self.rng.choice(self.guests)
        price = quote(self.rental, check_in, check_out)
        return Booking(
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
            status=self.status(check_in, check_out),
            rules_accepted_at=timezone.now(),
        )

    def payment(self, booking):
        refunded = booking.total if booking.status == BookingStatus.CANCELLED else Decimal("0")
        return Payment(
            booking=booking,
            provider="sandbox",
            amount=booking.total,
            status=PaymentStatus.REFUNDED if refunded else PaymentStatus.PAID,
            commission=platform_commission(booking.total - refunded),
            provider_fee=provider_fee(booking.total),
            refunded_amount=refunded,
            paid_at=timezone.now(),
        )

    def history(self, booking):
        """The status history the services would have written: who moved the booking, and why."""
        guest, owner, status = booking.guest, self.rental.owner, booking.status
        moves = [("", BookingStatus.HOLD, guest, ""), (BookingStatus.HOLD, BookingStatus.CONFIRMED, None, "")]
        if status == BookingStatus.CANCELLED:
            if owner is None or self.rng.random() < CANCELLED_BY_GUEST_SHARE:
                moves.append((BookingStatus.CONFIRMED, status, guest, "Отменено гостем"))
            else:
                moves.append((BookingStatus.CONFIRMED, status, owner, self.rng.choice(STAFF_REASONS)))
        if status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
            moves.append((BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, owner, "Гость заселился"))
        if status == BookingStatus.COMPLETED:
            moves.append((BookingStatus.CHECKED_IN, status, owner, "Гость выехал"))
        return [
            BookingStatusChange(booking=booking, from_status=old, to_status=new, changed_by=by, reason=reason)
            for old, new, by, reason in moves
        ]
