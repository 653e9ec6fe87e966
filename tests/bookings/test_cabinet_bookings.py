"""«Мои бронирования» in the cabinet: current and past stays, cancel with the refund shown first, review, book again."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import lifecycle
from bookings.cabinet import guest_bookings
from bookings.models import Booking, BookingStatus, Refund
from tests.bookings.factories import HOST, BookingFactory, ReviewFactory
from tests.bookings.payments.conftest import pay_in_sandbox
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
URL = "/account/bookings/"
MAX_QUERIES = 12  # 8 on PostgreSQL, at 4 and at 28 bookings


@pytest.fixture
def sandbox(settings):
    settings.PAYMENT_PROVIDER = "sandbox"


@pytest.fixture
def guest_client(client, guest):
    client.force_login(guest)
    return client


@pytest.fixture
def stays(rental, guest, future):
    """One booking in each situation the page knows."""
    stays = {
        "confirmed": BookingFactory(rental=rental, guest=guest, check_in=future(0), confirmed=True),
        "hold": BookingFactory(rental=rental, guest=guest, check_in=future(10), hold=True),
        "checked_in": BookingFactory(rental=rental, guest=guest, check_in=future(20), checked_in=True),
        # A hold whose time ran out, not yet recorded as expired by the beat task: it is past all the same.
        "expired_hold": BookingFactory(rental=rental, guest=guest, check_in=future(30), hold_ran_out=True),
        "completed": BookingFactory(rental=rental, guest=guest, check_in=future(-400), completed=True),
        "reviewed": BookingFactory(rental=rental, guest=guest, check_in=future(-390), completed=True),
        "cancelled": BookingFactory(rental=rental, guest=guest, check_in=future(40), cancelled=True),
    }
    ReviewFactory(booking=stays["reviewed"], text="Отлично")
    return stays


def rows(page, section):
    return {item["id"].removeprefix("booking-"): item for item in page.select(f"#{section}-bookings > li")}


def test_current_and_past_follow_what_occupies_the_dates(guest_client, stays):
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    number = {name: str(booking.number) for name, booking in stays.items()}
    assert set(rows(page, "current")) == {number["checked_in"]}
    assert set(rows(page, "upcoming")) == {number[name] for name in ("confirmed", "hold")}
    assert set(rows(page, "past")) == {number[name] for name in ("expired_hold", "completed", "reviewed", "cancelled")}
    assert rows(page, "past")[number["expired_hold"]].select_one(".status-badge").get_text() == "Холд истёк"


def test_each_row_offers_what_the_guest_may_do(guest_client, stays, rental):
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    everything = rows(page, "current") | rows(page, "upcoming") | rows(page, "past")

    def actions(name):
        row = everything[str(stays[name].number)]
        return {
            "cancel": bool(row.select("details.booking-cancel form[method=post]")),
            "review": bool(row.select(".booking-review-link")),
            "again": bool(row.select(".booking-again-link")),
        }

    nothing = {"cancel": False, "review": False, "again": False}
    assert actions("confirmed") == actions("hold") == {**nothing, "cancel": True}
    assert actions("checked_in") == nothing
    assert actions("completed") == {**nothing, "review": True, "again": True}
    assert actions("reviewed") == actions("cancelled") == actions("expired_hold") == {**nothing, "again": True}

    confirmed = everything[str(stays["confirmed"].number)]
    assert confirmed.select_one("form")["action"] == f"/bookings/{stays['confirmed'].number}/cancel/"
    completed = everything[str(stays["completed"].number)]
    assert completed.select_one(".booking-review-link")["href"] == f"/bookings/{stays['completed'].number}/review/"


def test_book_again_opens_the_form_with_the_same_guests_and_no_dates(guest_client, guest, rental, future):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(-400), completed=True)
    Booking.objects.filter(pk=booking.pk).update(guests_count=2)
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    link = page.select_one(f"#booking-{booking.number} .booking-again-link")["href"]
    assert link == f"/bookings/new/{rental.pk}/?guests_count=2"
    form = parse_html(guest_client.get(link, HTTP_HOST=HOST))
    assert form.select_one("[name=guests_count]")["value"] == "2"
    assert not form.select_one("[name=check_in]").get("value")


def test_no_book_again_for_a_property_no_longer_let(guest_client, guest, rental, future):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(-400), completed=True)
    type(rental).objects.filter(pk=rental.pk).update(is_active=False)
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    assert not page.select(f"#booking-{booking.number} .booking-again-link")


def test_the_row_shows_the_refund_before_cancelling_and_the_form_cancels(
    sandbox, guest_client, guest, rental, future, django_capture_on_commit_callbacks
):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), hold=True)
    pay_in_sandbox(booking)
    assert booking.status == BookingStatus.CONFIRMED
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    terms = page.select_one(f"#booking-{booking.number} .booking-cancel-terms").get_text(" ", strip=True)
    assert terms.replace("\xa0", " ") == "Если отменить сейчас, по правилам отмены вы получите обратно 100%: 40 000 ₸."
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED  # showing changes nothing

    action = page.select_one(f"#booking-{booking.number} details.booking-cancel form")["action"]
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_client.post(action, HTTP_HOST=HOST, follow=True)
    assert response.redirect_chain[-1][0] == URL
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.status_history.last().reason == "Отменено гостем"
    assert list(Refund.objects.filter(payment__booking=booking).values_list("amount", flat=True)) == [Decimal("40000")]
    assert str(booking.number) in rows(parse_html(response), "past")


def test_an_unpaid_hold_has_nothing_to_refund(guest_client, guest, rental, future):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), hold=True)
    page = parse_html(guest_client.get(URL, HTTP_HOST=HOST))
    terms = page.select_one(f"#booking-{booking.number} .booking-cancel-terms").get_text(strip=True)
    assert terms == "Оплата ещё не поступала, возвращать нечего."


@pytest.mark.parametrize(("hours_before", "percent", "refund"), [(30, 100, "40000"), (13, 50, "20000"), (2, 0, "0")])
def test_the_terms_are_the_policys_at_that_moment(sandbox, guest, rental, future, hours_before, percent, refund):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), hold=True)
    pay_in_sandbox(booking)
    now = lifecycle.check_in_moment(booking) - timedelta(hours=hours_before)
    listing = guest_bookings(guest, now=now)
    [listed] = listing.current + listing.upcoming  # the day before: upcoming; on the day: current
    assert (listed.cancel_terms.percent, listed.cancel_terms.refund) == (percent, Decimal(refund))
    assert listed.cancel_terms == lifecycle.guest_cancellation_terms(booking, now)  # what the cancel page says


def test_someone_elses_booking_cannot_be_cancelled_from_my_cabinet(client, rental, guest, future):
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), confirmed=True)
    stranger = get_user_model().objects.create_user(email="stranger@example.com", password="x-Long-enough-1")
    client.force_login(stranger)
    assert str(booking.number) not in client.get(URL, HTTP_HOST=HOST).content.decode()
    assert client.post(f"/bookings/{booking.number}/cancel/", HTTP_HOST=HOST).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def add_bookings(rental, guest, future, start, count):
    """`count` bookings of each kind the page treats differently (paid, unpaid, completed...)."""
    statuses = [BookingStatus.CONFIRMED, BookingStatus.HOLD, BookingStatus.COMPLETED, BookingStatus.CANCELLED]
    for index in range(count):
        for offset, status in enumerate(statuses):
            day = future(start + 10 * (index * len(statuses) + offset))
            BookingFactory(
                rental=rental,
                guest=guest,
                check_in=day if status != BookingStatus.COMPLETED else day - timedelta(700),
                status=status,
            )


def count_queries(client):
    client.get(URL, HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries), len(parse_html(response).select(".booking-item"))


def test_the_query_count_does_not_grow_with_the_bookings(sandbox, guest_client, guest, rental, future):
    add_bookings(rental, guest, future, 0, 1)
    pay_in_sandbox(Booking.objects.filter(guest=guest, status=BookingStatus.HOLD).first())
    few, few_rows = count_queries(guest_client)
    add_bookings(rental, guest, future, 100, 6)
    for hold in Booking.objects.filter(guest=guest, status=BookingStatus.HOLD)[:3]:
        pay_in_sandbox(hold)
    many, many_rows = count_queries(guest_client)
    assert (few_rows, many_rows) == (4, 28)
    assert many == few, f"{few_rows} bookings: {few} queries, {many_rows}: {many}"
    assert many <= MAX_QUERIES


def test_a_stay_is_current_from_its_first_day_at_the_property(rental, guest):
    """At 23:30 on 17 December in Astana (18:30 UTC) a stay from 18 December is still to come; half an
    hour later, on the property's 18 December (still the 17th in UTC), it is under way."""
    stay = BookingFactory(rental=rental, guest=guest, check_in=date(2026, 12, 18), confirmed=True)
    evening = datetime(2026, 12, 17, 23, 30, tzinfo=lifecycle.booking_zone())
    before, after = guest_bookings(guest, now=evening), guest_bookings(guest, now=evening + timedelta(hours=1))
    assert (before.current, before.upcoming) == ([], [stay])
    assert (after.current, after.upcoming) == ([stay], [])
    assert (evening + timedelta(hours=1)).astimezone(UTC).date() == date(2026, 12, 17)
