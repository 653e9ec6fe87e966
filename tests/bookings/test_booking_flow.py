"""The guest's path: dates on the card -> login -> details and rules -> preview -> HOLD -> booking page."""

from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from bookings.models import Booking, BookingStatus
from tests.bookings.factories import HOST, BookingFactory
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = get_user_model().objects.create_user(
        email="aigerim@example.com",
        password="pw-Long-enough-1",
        first_name="Айгерим",
        last_name="Садыкова",
        phone="+77017654321",
    )
    client.force_login(user)
    return user


def stay(future, **extra):
    return {
        "check_in": future(0).isoformat(),
        "check_out": future(3).isoformat(),
        "guests_count": "2",
        "name": "Айгерим Садыкова",
        "phone": "+7 701 765 43 21",
        "email": "aigerim@example.com",
        "accept_rules": "on",
        **extra,
    }


def test_the_card_has_a_booking_form(client, rental):
    soup = parse_html(client.get(rental.url, HTTP_HOST=HOST))
    form = soup.select_one("form.book-form")
    assert form["action"] == f"/bookings/new/{rental.pk}/"
    assert {i["name"] for i in form.select("input")} >= {"check_in", "check_out", "guests_count"}


def test_a_guest_signs_in_and_comes_back_to_the_same_dates(client, rental, future):
    url = f"/bookings/new/{rental.pk}/?check_in={future(0)}&check_out={future(3)}"
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert unquote(response["Location"]).endswith(f"next={url}")


def test_the_form_is_prefilled_from_the_profile_and_the_link(client, rental, member, future):
    url = f"/bookings/new/{rental.pk}/?check_in={future(0)}&check_out={future(3)}"
    soup = parse_html(client.get(url, HTTP_HOST=HOST))
    assert soup.select_one("[name=name]")["value"] == "Айгерим Садыкова"
    assert soup.select_one("[name=phone]")["value"] == "+77017654321"
    assert soup.select_one("[name=check_in]")["value"] == future(0).isoformat()


def test_preview_shows_nights_and_total_and_writes_nothing(client, rental, member, future):
    response = client.post(f"/bookings/new/{rental.pk}/", stay(future, step="preview"), HTTP_HOST=HOST)
    assert response.status_code == 200
    total = parse_html(response).select_one("#booking-total").get_text(strip=True)
    assert total.replace("\xa0", " ").replace(",", " ").replace(" ", "").rstrip("₸") == str(
        int(rental.price_per_night * 3)
    )
    assert not Booking.objects.filter(guest=member).exists()


def test_rules_must_be_accepted(client, rental, member, future):
    data = stay(future, step="confirm")
    del data["accept_rules"]
    response = client.post(f"/bookings/new/{rental.pk}/", data, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "примите правила проживания" in response.content.decode()
    assert not Booking.objects.exists()


def test_confirm_holds_the_dates_and_shows_the_booking(client, rental, member, future):
    response = client.post(f"/bookings/new/{rental.pk}/", stay(future, step="confirm"), HTTP_HOST=HOST)
    booking = Booking.objects.get(guest=member)
    assert response.status_code == 302
    assert response["Location"] == f"/bookings/{booking.number}/"
    assert (booking.status, booking.nights, booking.guests_count) == (BookingStatus.HOLD, 3, 2)
    page = client.get(response["Location"], HTTP_HOST=HOST)
    html = page.content.decode()
    assert booking.short_number in html
    assert rental.realtor_phone not in html  # contacts come with the confirmation
    cabinet = parse_html(client.get("/account/bookings/", HTTP_HOST=HOST))
    assert cabinet.select_one("#upcoming-bookings").get_text().count(rental.title) == 1  # the stay is ahead


def test_taken_dates_are_refused_with_a_clear_message(client, rental, member, future):
    BookingFactory(rental=rental, check_in=future(0), check_out=future(3), hold=True)
    response = client.post(
        f"/bookings/new/{rental.pk}/",
        stay(future, step="confirm", check_in=future(1).isoformat(), check_out=future(2).isoformat()),
        HTTP_HOST=HOST,
    )
    assert response.status_code == 400
    assert "Эти даты уже заняты" in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_a_second_unpaid_hold_on_the_property_is_refused_with_a_clear_message(client, rental, member, future, step):
    BookingFactory(rental=rental, guest=member, check_in=future(10), check_out=future(12), hold=True)
    response = client.post(f"/bookings/new/{rental.pk}/", stay(future, step=step), HTTP_HOST=HOST)
    assert response.status_code == 400
    errors = parse_html(response).select_one(".errorlist[role=alert]").get_text()
    assert "Вы уже держите максимум неоплаченных бронирований этого объекта (1)." in errors
    assert Booking.objects.filter(guest=member).count() == 1


def test_the_limit_message_is_in_the_guests_language(client, rental, member, future):
    BookingFactory.create_batch(3, guest=member, hold=True)
    response = client.post(f"/en/bookings/new/{rental.pk}/", stay(future, step="confirm"), HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "You already hold the most unpaid bookings allowed (3)." in response.content.decode()
    assert not Booking.objects.filter(rental=rental).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "Введите номер телефона полностью"),
        ("phone", "+7 000 000 00 00", "Введите номер телефона полностью"),
        ("guests_count", "0", ""),
        ("check_in", "вчера", ""),
    ],
)
def test_bad_input_changes_nothing(client, rental, member, future, field, value, message):
    response = client.post(
        f"/bookings/new/{rental.pk}/", stay(future, step="confirm", **{field: value}), HTTP_HOST=HOST
    )
    assert response.status_code == 400
    assert parse_html(response).select(".errorlist")
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_the_phone_is_stored_as_e164(client, rental, member, future):
    response = client.post(
        f"/bookings/new/{rental.pk}/", stay(future, step="confirm", phone="8 (701) 765-43-21"), HTTP_HOST=HOST
    )
    assert response.status_code == 302
    assert Booking.objects.get(guest=member).guest_phone == "+77017654321"


def test_someone_elses_booking_is_not_found(client, rental, member, future):
    client.post(f"/bookings/new/{rental.pk}/", stay(future, step="confirm"), HTTP_HOST=HOST)
    booking = Booking.objects.get()
    stranger = get_user_model().objects.create_user(email="stranger@example.com", password="x-Long-enough-1")
    client.force_login(stranger)
    assert client.get(f"/bookings/{booking.number}/", HTTP_HOST=HOST).status_code == 404


@pytest.mark.parametrize("rental_id", ["0", str(2**63), "9" * 30])
def test_an_unknown_rental_is_not_found(client, member, rental_id):
    """Found by the fuzz (tests/test_fuzz.py): an id beyond 64 bits raised OverflowError on SQLite."""
    assert client.get(f"/bookings/new/{rental_id}/", HTTP_HOST=HOST).status_code == 404


def test_the_booking_page_and_the_payment_page_name_the_same_time_for_the_hold(client, rental, member, future):
    """Both show the hold's end at the property's clock (BOOKING_TIME_ZONE), not one in Moscow time."""
    response = client.post(f"/bookings/new/{rental.pk}/", stay(future, step="confirm"), HTTP_HOST=HOST)
    booking = Booking.objects.get(guest=member)
    at_the_property = booking.hold_expires_at.astimezone(ZoneInfo(settings.BOOKING_TIME_ZONE)).strftime("%H:%M")
    detail = client.get(response["Location"], HTTP_HOST=HOST).content.decode()
    pay = client.get(f"/bookings/{booking.number}/pay/", HTTP_HOST=HOST).content.decode()
    assert f"до {at_the_property}" in detail and f"до {at_the_property}" in pay
