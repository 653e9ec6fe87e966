"""Promo codes (issue 5.1): discounts, every reason a code is refused, usage limits, also under concurrency."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus, DiscountKind, PromoCode
from bookings.pricing import PromoCodeRefused, quote
from bookings.services import create_hold
from bookings.status import transition
from tests.bookings.conftest import run_concurrently
from tests.bookings.factories import HOST, PromoCodeFactory, RentalFactory, RentalPricingFactory

pytestmark = pytest.mark.django_db
USED = "Промокод уже использован"


def hold(rental, guest, details, check_in, check_out, promo=""):
    return create_hold(
        rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details, promo_code=promo
    )


def make_guest(email):
    return get_user_model().objects.create_user(email=email, password="guest-pass-Long-1")


@pytest.fixture
def promo():
    return PromoCodeFactory(code="ASTANA-TEST", kind=DiscountKind.PERCENT, value=Decimal("10"))


def test_percent_code_comes_off_after_the_long_stay_discount(rental, guest, details, future, promo):
    RentalPricingFactory(rental=rental, week_discount_percent=Decimal("20"))
    price = quote(rental, future(0), future(7), "ASTANA-TEST", guest=guest)
    after_long_stay = rental.price_per_night * 7 * Decimal("0.8")
    assert price.promo == promo
    assert price.promo_discount == (after_long_stay / 10).quantize(Decimal("1"))
    assert price.total == after_long_stay - price.promo_discount


def test_fixed_code_takes_its_sum_but_never_more_than_the_stay(rental, future):
    PromoCodeFactory(code="FIX", kind=DiscountKind.FIXED, value=Decimal("7000"))
    PromoCodeFactory(code="HUGE", kind=DiscountKind.FIXED, value=Decimal("9000000"))
    assert quote(rental, future(0), future(2), "FIX").total == rental.price_per_night * 2 - 7000
    assert quote(rental, future(0), future(2), "HUGE").total == 0


def test_code_is_found_whatever_the_case_and_spaces(rental, future, promo):
    assert quote(rental, future(0), future(2), "  astana-test ").promo == promo


def test_codes_are_unique_ignoring_case(promo):
    duplicate = PromoCode(code="astana-test", kind=DiscountKind.FIXED, value=Decimal("100"))
    with pytest.raises(ValidationError, match="уже есть"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_percent_over_90_and_reversed_dates_are_refused():
    code = PromoCode(code="BAD", kind=DiscountKind.PERCENT, value=Decimal("95"))
    code.valid_from, code.valid_to = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        code.full_clean()
    assert "не больше 90" in str(refused.value.message_dict["value"])
    assert "раньше даты начала" in str(refused.value.message_dict["valid_to"])


def refusal_cases():
    today = timezone.localdate()
    return [
        ("NOPE", {}, "Промокод не найден"),
        ("OFF", {"is_active": False}, "Промокод не найден"),
        ("OLD", {"valid_to": today - timedelta(days=1)}, "Срок действия промокода истёк"),
        ("SOON", {"valid_from": today + timedelta(days=3)}, "Промокод начнёт действовать"),
        ("BIG", {"min_total": Decimal("10000000")}, "Минимальная сумма для промокода — 10\u00a0000\u00a0000 ₸"),
    ]


@pytest.mark.parametrize(("code", "fields", "message"), refusal_cases())
def test_each_refusal_has_its_message_and_the_hold_writes_nothing(
    rental, guest, details, future, code, fields, message
):
    if code != "NOPE":
        PromoCodeFactory(code=code, kind=DiscountKind.PERCENT, value=Decimal("10"), **fields)
    with pytest.raises(PromoCodeRefused) as refused:
        quote(rental, future(0), future(2), code, guest=guest)
    assert refused.value.messages[0].startswith(message)
    with pytest.raises(PromoCodeRefused) as refused:
        hold(rental, guest, details, future(0), future(2), code)
    assert refused.value.messages[0].startswith(message)
    assert not Booking.objects.filter(rental=rental).exists()
    assert not PromoCode.objects.filter(times_used__gt=0).exists()


def test_a_code_valid_today_works_on_its_first_and_last_day(rental, future):
    today = timezone.localdate()
    PromoCodeFactory(code="TODAY", kind=DiscountKind.PERCENT, value=5, valid_from=today, valid_to=today)
    assert quote(rental, future(0), future(1), "TODAY").promo_discount > 0


def test_the_hold_stores_code_and_discount_and_counts_the_use(rental, guest, details, future, promo):
    booking = hold(rental, guest, details, future(0), future(2), "astana-test")
    full = rental.price_per_night * 2
    assert booking.promo_code == promo
    assert booking.discount == full / 10
    assert booking.total == full - full / 10
    promo.refresh_from_db()
    assert promo.times_used == 1


def test_total_limit(rental, details, future):
    PromoCodeFactory(code="TWO", kind=DiscountKind.PERCENT, value=10, usage_limit=2, per_user_limit=None)
    guests = [make_guest(f"g{number}@example.com") for number in range(3)]
    hold(rental, guests[0], details, future(0), future(1), "TWO")
    hold(rental, guests[1], details, future(1), future(2), "TWO")
    with pytest.raises(PromoCodeRefused, match=USED):
        hold(rental, guests[2], details, future(2), future(3), "TWO")
    assert Booking.objects.filter(promo_code__code="TWO").count() == 2


def test_per_guest_limit(rental, guest, details, future, promo):
    hold(RentalFactory(), guest, details, future(0), future(1), "ASTANA-TEST")
    with pytest.raises(PromoCodeRefused, match=USED):
        hold(rental, guest, details, future(1), future(2), "ASTANA-TEST")
    with pytest.raises(PromoCodeRefused, match=USED):
        quote(rental, future(1), future(2), "ASTANA-TEST", guest=guest)
    other = make_guest("other@example.com")
    assert hold(rental, other, details, future(1), future(2), "ASTANA-TEST").promo_code == promo


def test_an_expired_hold_or_a_cancellation_gives_the_use_back(rental, guest, details, future, promo):
    first = hold(rental, guest, details, future(0), future(1), "ASTANA-TEST")
    Booking.objects.filter(pk=first.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    second = hold(rental, guest, details, future(1), future(2), "ASTANA-TEST")
    transition(second, BookingStatus.CANCELLED, by=guest, reason="передумал")
    third = hold(rental, guest, details, future(2), future(3), "ASTANA-TEST")
    assert third.promo_code == promo
    promo.refresh_from_db()
    assert promo.times_used == 3  # bookings made with the code; the limits count the ones that keep it


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_ten_concurrent_bookings_cannot_use_a_code_past_its_limit(committed_rental, details, future, committed_rows):
    """Ten guests book different nights at once with a code for three: exactly three get it."""

    def setup():
        promo = PromoCodeFactory(code="RACE3", kind=DiscountKind.PERCENT, value=10, usage_limit=3, per_user_limit=None)
        guests = [get_user_model().objects.create_user(email=f"promo-racer{n}@example.com") for n in range(10)]
        return promo, guests

    [(promo, racers)] = run_concurrently([setup])
    committed_rows(lambda: PromoCode.objects.filter(pk=promo.pk).delete())
    committed_rows(lambda: get_user_model().objects.filter(pk__in=[racer.pk for racer in racers]).delete())
    committed_rows(lambda: Booking.objects.filter(guest__in=racers).delete())

    def attempt(number):
        racer = racers[number]
        return lambda: hold(committed_rental, racer, details, future(3 * number), future(3 * number + 2), "race3")

    results = run_concurrently([attempt(number) for number in range(10)])
    winners = [result for result in results if isinstance(result, Booking)]
    losers = [result for result in results if not isinstance(result, Booking)]
    assert len(winners) == 3
    assert all(isinstance(result, PromoCodeRefused) and result.messages == [USED] for result in losers), losers
    assert Booking.objects.filter(promo_code=promo).count() == 3
    assert Booking.objects.filter(guest__in=racers).count() == 3  # a refused code refuses the booking
    promo.refresh_from_db()
    assert promo.times_used == 3


def test_the_booking_form_takes_a_promo_code(client, rental, guest, future, promo):
    client.force_login(guest)
    url = f"/bookings/new/{rental.pk}/"
    data = {
        "check_in": future(0).isoformat(),
        "check_out": future(2).isoformat(),
        "guests_count": "1",
        "name": "Айгерим",
        "phone": "+7 701 123 45 67",
        "accept_rules": "on",
        "promo": "astana-test",
    }
    preview = client.post(url, {**data, "step": "preview"}, HTTP_HOST=HOST)
    assert "Скидка" in preview.content.decode()
    refused = client.post(url, {**data, "promo": "NOPE", "step": "confirm"}, HTTP_HOST=HOST)
    assert refused.status_code == 400
    assert refused.context["form"].errors["promo"] == ["Промокод не найден"]
    assert not Booking.objects.filter(guest=guest).exists()
    client.post(url, {**data, "step": "confirm"}, HTTP_HOST=HOST)
    booking = Booking.objects.get(guest=guest)
    assert booking.promo_code == promo and booking.discount == rental.price_per_night * 2 / 10
