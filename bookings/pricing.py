"""What a stay costs.

Each night costs its price-calendar override if there is one, else the weekend price on Friday and
Saturday nights if the property has one, else the nightly price. The sum gets the long-stay discount
(from 7 or from 30 nights), then the promo code's discount. Amounts are whole tenge.

A quote costs the same few queries whatever the length of the stay: the property's rules, its overrides
for the dates, and with a promo code the code and its uses."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bookings.models import Booking, BookingStatus, DiscountKind, PriceOverride, PromoCode, RentalPricing
from bookings.models.pricing import WEEKEND_NIGHTS
from core.money import format_tenge

ZERO = Decimal("0")
TENGE = Decimal("1")


def whole_tenge(amount):
    return Decimal(amount).quantize(TENGE, rounding=ROUND_HALF_UP)


class NightKind:
    BASE = "base"
    WEEKEND = "weekend"
    OVERRIDE = "override"


@dataclass(frozen=True)
class Night:
    date: date
    price: Decimal
    kind: str = NightKind.BASE

    @property
    def kind_label(self):
        return {NightKind.WEEKEND: _("цена выходного дня"), NightKind.OVERRIDE: _("особая цена")}.get(self.kind, "")


@dataclass(frozen=True)
class Quote:
    check_in: date
    check_out: date
    nights: int
    nightly_prices: tuple[Decimal, ...]
    total: Decimal
    night_list: tuple[Night, ...] = ()
    subtotal: Decimal = ZERO
    long_stay_percent: Decimal = ZERO
    long_stay_discount: Decimal = ZERO
    promo: PromoCode | None = None
    promo_discount: Decimal = ZERO

    @property
    def prices_differ(self):
        return len(set(self.nightly_prices)) > 1

    @property
    def discount(self):
        return self.long_stay_discount + self.promo_discount


class PromoCodeRefused(ValidationError):
    """The code gives no discount here; the message tells the guest why."""

    def __init__(self, message, code):
        super().__init__(message, code=code)

    @classmethod
    def not_found(cls):
        return cls(_("Промокод не найден"), "promo_not_found")


def find_promo(code, *, lock=False) -> PromoCode:
    """The active code typed by the guest (any case), or PromoCodeRefused. `lock` holds its row to the commit."""
    promos = PromoCode.objects.filter(code__iexact=(code or "").strip(), is_active=True)
    if lock:
        promos = promos.select_for_update()
    promo = promos.first()
    if promo is None:
        raise PromoCodeRefused.not_found()
    return promo


def promo_uses(promo, guest=None, now=None):
    """(all uses, this guest's uses): bookings with the code, except cancelled ones and holds that ran out."""
    now = now or timezone.now()
    keeping = (
        Booking.objects.filter(promo_code=promo)
        .exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.EXPIRED])
        .exclude(status=BookingStatus.HOLD, hold_expires_at__lte=now)
    )
    counts = keeping.aggregate(total=Count("pk"), mine=Count("pk", filter=Q(guest=guest)))
    return counts["total"], counts["mine"]


def check_promo(promo, amount, guest=None, today=None):
    """Raise PromoCodeRefused unless the code may discount `amount` for `guest` today (guest None: not known yet)."""
    today = today or timezone.localdate()
    if promo.valid_from and promo.valid_from > today:
        raise PromoCodeRefused(
            _("Промокод начнёт действовать %(date)s") % {"date": date_format(promo.valid_from, "j E Y")},
            "promo_not_started",
        )
    if promo.valid_to and promo.valid_to < today:
        raise PromoCodeRefused(_("Срок действия промокода истёк"), "promo_expired")
    if amount < promo.min_total:
        raise PromoCodeRefused(
            _("Минимальная сумма для промокода — %(sum)s ₸") % {"sum": format_tenge(promo.min_total)},
            "promo_min_total",
        )
    if promo.usage_limit is not None or (promo.per_user_limit is not None and guest is not None):
        total, mine = promo_uses(promo, guest)
        if (promo.usage_limit is not None and total >= promo.usage_limit) or (
            promo.per_user_limit is not None and guest is not None and mine >= promo.per_user_limit
        ):
            raise PromoCodeRefused(_("Промокод уже использован"), "promo_used")


def promo_discount(promo, amount):
    if promo.kind == DiscountKind.PERCENT:
        return whole_tenge(amount * promo.value / 100)
    return min(promo.value, amount)


def pricing_rules(rental) -> RentalPricing:
    """The property's weekend price and long-stay discounts; an empty rule set when it has none."""
    try:
        return rental.pricing
    except RentalPricing.DoesNotExist:
        return RentalPricing(rental=rental)


def nights_of(rental, check_in: date, check_out: date) -> tuple[Night, ...]:
    """Each night of the stay with its price and where the price comes from."""
    rules = pricing_rules(rental)
    overrides = dict(
        PriceOverride.objects.filter(rental_id=rental.pk, date__gte=check_in, date__lt=check_out).values_list(
            "date", "price"
        )
    )
    nights = []
    for offset in range((check_out - check_in).days):
        day = check_in + timedelta(days=offset)
        if day in overrides:
            nights.append(Night(day, overrides[day], NightKind.OVERRIDE))
        elif rules.weekend_price and day.weekday() in WEEKEND_NIGHTS:
            nights.append(Night(day, rules.weekend_price, NightKind.WEEKEND))
        else:
            nights.append(Night(day, rental.price_per_night, NightKind.BASE))
    return tuple(nights)


def quote(rental, check_in: date, check_out: date, promo_code=None, *, guest=None) -> Quote:
    """The price of the stay. `promo_code` is the typed code or a PromoCode; a refused code raises PromoCodeRefused."""
    nights = nights_of(rental, check_in, check_out)
    prices = tuple(night.price for night in nights)
    subtotal = sum(prices, ZERO)
    percent = pricing_rules(rental).long_stay_percent(len(nights))
    long_stay = whole_tenge(subtotal * percent / 100)
    price = Quote(
        check_in,
        check_out,
        len(nights),
        prices,
        subtotal - long_stay,
        night_list=nights,
        subtotal=subtotal,
        long_stay_percent=percent,
        long_stay_discount=long_stay,
    )
    return apply_promo(price, promo_code, guest=guest) if promo_code else price


def apply_promo(price: Quote, promo_code, *, guest=None) -> Quote:
    """The quote with the code's discount taken off the total after the long-stay discount."""
    promo = promo_code if isinstance(promo_code, PromoCode) else find_promo(promo_code)
    check_promo(promo, price.total, guest)
    discount = promo_discount(promo, price.total)
    return replace(price, total=price.total - discount, promo=promo, promo_discount=discount)
