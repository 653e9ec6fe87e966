"""The confirmation a guest gets once the payment arrives: email (text and HTML), Telegram and a short SMS."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from wagtail.models import Page

from bookings.access import save_door_codes
from bookings.models import Booking, BookingStatus, DoorCodes
from bookings.notify import booking_url
from catalog.models import RentalPropertyPage
from notifications.models import Notification, NotificationPreference, TelegramLink
from tests.bookings.factories import HOST, BookingFactory
from tests.bookings.payments.conftest import pay_in_sandbox
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
INSTRUCTIONS = "Ключи в сейфе у двери.\nПарковка во дворе, въезд с улицы Достык."


@pytest.fixture
def realtor(rental):
    user = get_user_model().objects.create_user(
        email="erlan@example.com", password="realtor-pass-Long-1", first_name="Ерлан", last_name="Ахметов"
    )
    Page.objects.filter(pk=rental.pk).update(owner=user)
    RentalPropertyPage.objects.filter(pk=rental.pk).update(
        realtor_phone="+77017000001", check_in_instructions=INSTRUCTIONS
    )
    rental.refresh_from_db()
    return user


@pytest.fixture
def reachable_guest(guest):
    """A guest with a verified phone who asked for the confirmation by SMS too, and a linked Telegram chat."""
    type(guest).objects.filter(pk=guest.pk).update(phone="+77011234567", phone_verified=True)
    TelegramLink.objects.create(user=guest, chat_id=700100)
    NotificationPreference.objects.create(user=guest, kind="booking.confirmed", channel="sms", enabled=True)
    guest.refresh_from_db()
    return guest


@pytest.fixture
def confirmed(settings, rental, realtor, reachable_guest, future):
    settings.PAYMENT_PROVIDER = "sandbox"
    booking = BookingFactory(
        rental=rental, guest=reachable_guest, check_in=future(0), total=Decimal("45500"), hold=True
    )
    save_door_codes(rental, DoorCodes(intercom="4412", flat="9090", safe="7777"), by=realtor)
    pay_in_sandbox(booking)
    assert booking.status == BookingStatus.CONFIRMED
    return booking


def messages(booking, kind="booking.confirmed"):
    return {row.channel: row for row in Notification.objects.filter(kind=kind, recipient=booking.guest)}


def test_the_guest_is_told_on_email_telegram_and_sms(confirmed):
    assert set(messages(confirmed)) == {"email", "telegram", "sms"}


def test_the_email_has_everything_for_the_stay(confirmed, rental):
    email = messages(confirmed)["email"]
    day_in, day_out = (date_format(day, "DATE_FORMAT") for day in (confirmed.check_in, confirmed.check_out))
    assert email.subject == f"Бронирование {confirmed.short_number} подтверждено"
    assert email.body.replace("\xa0", " ") == "\n".join(
        [
            f"Оплата получена, бронирование {confirmed.short_number} подтверждено.",
            "",
            f"Объект: {rental.title}",
            f"Адрес: {rental.address}",
            f"Заезд: {day_in}, с {rental.check_in_time:%H:%M}",
            f"Выезд: {day_out}, до {rental.check_out_time:%H:%M}",
            "Ночей: 2",
            "Итого оплачено: 45 500 ₸",
            "",
            "Риелтор: Ерлан Ахметов",
            "Телефон: +77017000001",
            "Email: erlan@example.com",
            "",
            "Как заселиться:",
            INSTRUCTIONS,
            "",
            f"Коды домофона, квартиры и сейфа откроются на странице бронирования: {booking_url(confirmed)}",
        ]
    )


def test_the_html_email_links_the_contacts_and_keeps_the_instructions_lines(confirmed):
    html = BeautifulSoup(messages(confirmed)["email"].body_html, "html.parser")
    assert html.select_one("a[href='mailto:erlan@example.com']")
    assert html.select_one("a[href='tel:+77017000001']")
    assert html.select_one(f"a[href='{booking_url(confirmed)}']")
    assert "Ключи в сейфе у двери.<br>Парковка во дворе" in messages(confirmed)["email"].body_html
    assert "45\xa0500 ₸" in html.get_text()


def test_telegram_is_short_and_sms_is_one_line(confirmed, rental):
    telegram, sms = messages(confirmed)["telegram"].body, messages(confirmed)["sms"].body
    dates = f"{confirmed.check_in:%d.%m.%Y} — {confirmed.check_out:%d.%m.%Y}"
    assert telegram.replace("\xa0", " ").splitlines() == [
        f"{rental.title}, {dates}, заезд с {rental.check_in_time:%H:%M}.",
        f"Адрес: {rental.address}",
        "Итого оплачено: 45 500 ₸",
        "Риелтор: Ерлан Ахметов, +77017000001",
        "",
        *INSTRUCTIONS.splitlines(),
        "",
        "Коды доступа и все детали — на странице бронирования.",
    ]
    assert sms == (
        f"Бронь {confirmed.short_number} подтверждена: {confirmed.check_in:%d.%m.%Y}—{confirmed.check_out:%d.%m.%Y}, "
        f"{rental.address}. {booking_url(confirmed)}"
    )


def test_no_message_carries_the_door_codes(confirmed):
    for row in Notification.objects.all():
        for code in ("4412", "9090", "7777"):
            assert code not in row.subject + row.body + row.body_html


def test_the_realtor_hears_of_the_new_booking(confirmed, realtor):
    [row] = Notification.objects.filter(recipient=realtor, kind="booking.new_for_realtor")
    assert confirmed.short_number in row.body


def test_without_instructions_or_realtor_the_message_says_so_plainly(settings, rental, guest, future):
    settings.PAYMENT_PROVIDER = "sandbox"
    RentalPropertyPage.objects.filter(pk=rental.pk).update(check_in_instructions="")
    Page.objects.filter(pk=rental.pk).update(owner=None)
    booking = BookingFactory(rental=rental, guest=guest, check_in=future(0), hold=True)
    pay_in_sandbox(booking)
    body = messages(booking)["email"].body
    assert "Как заселиться" not in body
    assert "Риелтор: —\nТелефон:" in body


def test_the_booking_page_shows_the_instructions_once_confirmed(client, rental, realtor, reachable_guest, future):
    booking = BookingFactory(rental=rental, guest=reachable_guest, check_in=future(0), hold=True)
    client.force_login(reachable_guest)
    page = parse_html(client.get(f"/bookings/{booking.number}/", HTTP_HOST=HOST))
    assert not page.select("#check-in-instructions")
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CONFIRMED)
    page = parse_html(client.get(f"/bookings/{booking.number}/", HTTP_HOST=HOST))
    assert page.select_one("#check-in-instructions p").get_text("\n") == INSTRUCTIONS
    assert page.select_one("a[href='mailto:erlan@example.com']")


def test_the_property_card_keeps_the_instructions_to_itself(client, rental, realtor):
    html = client.get(rental.url, HTTP_HOST=HOST).content.decode()
    assert "Ключи в сейфе у двери" not in html
