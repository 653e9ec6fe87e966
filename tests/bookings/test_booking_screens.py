"""The booking screens (issue 17 item 6): every time at the property's clock with the zone named, the short
booking number instead of the UUID, the steps, the form's labels, the calendar as the date picker with the
booking box beside it, and the admin's money and search."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings.templatetags.booking_times import property_time, zone_label
from tests.bookings.factories import HOST, BlockedPeriodFactory, BookingFactory, PaymentFactory
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db
ZONE = "(Астана, UTC+5)"


@pytest.fixture
def signed_in(client, guest):
    client.force_login(guest)
    return client


@pytest.fixture
def hold(rental, guest):
    return BookingFactory(rental=rental, guest=guest, hold=True)


def hold_time(booking):
    return property_time(booking.hold_expires_at)


# -- times with their zone -------------------------------------------------------------------------------------------


def test_the_zone_is_named_with_its_offset(settings):
    assert zone_label() == "Астана, UTC+5"
    settings.BOOKING_TIME_ZONE = "Europe/Moscow"
    assert zone_label() == "Москва, UTC+3"
    settings.BOOKING_TIME_ZONE = "Asia/Kolkata"
    assert zone_label() == "Kolkata, UTC+5:30"


def test_the_hold_reads_the_same_with_its_zone_on_every_page(signed_in, hold):
    expected = hold_time(hold)
    assert expected.endswith(ZONE)
    pages = {
        "booking": reverse("bookings:detail", args=[hold.number]),
        "payment": reverse("bookings:pay", args=[hold.number]),
        "cabinet": reverse("cabinet:bookings"),
    }
    for name, url in pages.items():
        text = visible_text(signed_in.get(url, HTTP_HOST=HOST))
        assert f"до {expected}" in text, name


def test_check_in_and_check_out_times_name_the_zone(signed_in, rental, guest):
    booking = BookingFactory(rental=rental, guest=guest, confirmed=True)
    text = visible_text(signed_in.get(reverse("bookings:detail", args=[booking.number]), HTTP_HOST=HOST))
    assert f"с {rental.check_in_time:%H:%M} {ZONE}" in text
    assert f"до {rental.check_out_time:%H:%M} {ZONE}" in text
    assert f"Время — {ZONE[1:-1]}." in text  # the status history's times

    form = visible_text(signed_in.get(reverse("bookings:new", args=[rental.pk]), HTTP_HOST=HOST))
    assert f"выезд до {rental.check_out_time:%H:%M} {ZONE}." in form


def test_a_failed_payment_names_the_zone_of_its_deadline(signed_in, hold):
    PaymentFactory(booking=hold, status="FAILED", paid_at=None)
    text = visible_text(signed_in.get(reverse("bookings:payment_status", args=[hold.number]), HTTP_HOST=HOST))
    assert hold_time(hold) in text


# -- short numbers ---------------------------------------------------------------------------------------------------


def test_guests_see_the_short_number_not_the_uuid(signed_in, hold):
    assert len(hold.short_number) == 8
    for url in (
        reverse("bookings:detail", args=[hold.number]),
        reverse("bookings:pay", args=[hold.number]),
        reverse("cabinet:bookings"),
    ):
        text = visible_text(signed_in.get(url, HTTP_HOST=HOST))
        assert hold.short_number in text, url
        assert str(hold.number) not in text, url


def test_the_admin_finds_a_booking_by_its_short_number_and_shows_money_as_money(client, admin_user, rental, guest):
    booking = BookingFactory(rental=rental, guest=guest, total=Decimal("42000"), discount=Decimal("1500.50"))
    BookingFactory(rental=rental, guest=guest, check_in=booking.check_out + timedelta(days=3))
    client.force_login(admin_user)

    found = parse_html(client.get(reverse("wagtailsnippets_bookings_booking:list"), {"q": booking.short_number}))
    rows = found.select("table.listing tbody tr")
    assert len(rows) == 1 and booking.short_number in rows[0].get_text()
    assert (
        len(
            parse_html(client.get(reverse("wagtailsnippets_bookings_booking:list"), {"q": "ZZZZ"})).select(
                "table.listing tbody tr"
            )
        )
        == 0
    )

    inspect = visible_text(client.get(reverse("wagtailsnippets_bookings_booking:inspect", args=[booking.pk])))
    assert "42 000 ₸" in inspect and "1 500 ₸" in inspect
    assert "42000,00" not in inspect and "42000.00" not in inspect
    assert booking.short_number in inspect


def test_the_admin_date_picker_gets_its_button_in_our_language(client, admin_user):
    client.force_login(admin_user)
    soup = parse_html(client.get(reverse("wagtailsnippets_bookings_booking:list")))
    script = soup.select_one("script[data-save-selected]")
    assert script["src"].endswith("js/admin-strings.js")
    assert script["data-save-selected"] == "Сохранить выбранное"


# -- steps and the form --------------------------------------------------------------------------------------------


def current_step(response):
    return parse_html(response).select_one(".booking-steps [aria-current=step]").get_text(" ", strip=True)


def test_each_screen_shows_where_the_guest_is_in_four_steps(signed_in, rental, hold, future, settings):
    settings.BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST = 0  # the preview beside the hold of the fixture
    new = signed_in.get(reverse("bookings:new", args=[rental.pk]), HTTP_HOST=HOST)
    assert len(parse_html(new).select(".booking-steps li")) == 4
    assert current_step(new) == "1 Даты и данные"
    stay = {
        "check_in": future(10).isoformat(),
        "check_out": future(12).isoformat(),
        "guests_count": "1",
        "name": "Айгерим",
        "phone": "+77011234567",
        "accept_rules": "on",
        "step": "preview",
    }
    assert current_step(signed_in.post(reverse("bookings:new", args=[rental.pk]), stay, HTTP_HOST=HOST)) == (
        "2 Проверка"
    )
    assert current_step(signed_in.get(reverse("bookings:pay", args=[hold.number]), HTTP_HOST=HOST)) == "3 Оплата"
    confirmed = BookingFactory(rental=rental, guest=hold.guest, confirmed=True, paid=True, check_in=future(30))
    status = signed_in.get(reverse("bookings:payment_status", args=[confirmed.number]), HTTP_HOST=HOST)
    assert current_step(status) == "4 Подтверждение"


def test_awaiting_payment_is_not_shown_as_done(signed_in, hold):
    soup = parse_html(signed_in.get(reverse("bookings:detail", args=[hold.number]), HTTP_HOST=HOST))
    badge = soup.select_one("#booking-status")
    assert badge.get_text(strip=True) == "Ожидает оплаты"
    assert "status-hold" in badge["class"] and "status-confirmed" not in badge["class"]


def test_labels_have_no_colon_and_the_consent_box_sits_in_its_text(signed_in, rental):
    soup = parse_html(signed_in.get(reverse("bookings:new", args=[rental.pk]), HTTP_HOST=HOST))
    labels = [label.get_text(" ", strip=True) for label in soup.select("form.booking-form label")]
    assert labels and not [label for label in labels if label.endswith(":")]
    consent = soup.select_one("input[name=accept_rules]").find_parent("label")
    assert "правила проживания" in consent.get_text()


# -- the calendar is the date picker, the booking box has the total -------------------------------------------------


def card(rental, **params):
    response = Client().get(rental.url, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return parse_html(response)


def link_of(soup, day):
    """The calendar's link on `day` (a date), or None."""
    for cell in soup.select("td.day"):
        number = cell.select_one(".day-number")
        link = cell.select_one("a.day-link")
        caption = cell.find_parent("table").caption.get_text(strip=True)
        if number and number.get_text() == str(day.day) and caption.startswith(_month_name(day)) and link:
            return link["href"]
    return None


def _month_name(day):
    from django.utils.formats import date_format

    return date_format(day, "F")


def test_clicking_check_in_then_check_out_on_the_calendar_gives_the_price(rental, future):
    check_in = future(0)
    BlockedPeriodFactory(rental=rental, start=check_in + timedelta(days=4), end=check_in + timedelta(days=6))
    first = card(rental, month=check_in.strftime("%Y-%m"))
    assert len(first.select("input[name=check_in]")) == 1  # one date form, in the booking box
    in_link = link_of(first, check_in)
    assert f"check_in={check_in.isoformat()}" in in_link and "check_out" not in in_link

    picking = card(rental, **dict(pair.split("=") for pair in in_link.split("#")[0].lstrip("?").split("&")))
    assert "Теперь выберите в календаре день выезда" in picking.select_one("#stay").get_text()
    assert not picking.select("#stay .errorlist")  # the missing check-out is not an error yet
    assert picking.select_one("#book-check-in")["value"] == check_in.isoformat()
    # check-out links run up to the first closed night (a guest may leave that morning), not beyond
    assert link_of(picking, check_in + timedelta(days=4)) is not None
    assert "check_out" in link_of(picking, check_in + timedelta(days=4))
    assert "check_out" not in (link_of(picking, check_in + timedelta(days=5)) or "")

    out_link = link_of(picking, check_in + timedelta(days=3))
    params = dict(pair.split("=") for pair in out_link.split("#")[0].lstrip("?").split("&"))
    assert params["check_in"] == check_in.isoformat() and params["check_out"] == (check_in + timedelta(3)).isoformat()
    priced = card(rental, **params)
    total = f"{int(rental.price_per_night * 3):,}".replace(",", "\u00a0")
    assert priced.select_one("#stay .stay-total dd").get_text() == f"{total}\u00a0₸"
    assert len(priced.select("td.day-chosen")) == 3
    assert priced.select_one(".booking-bar")  # the total stays in view on a phone


def test_the_booking_box_leads_to_the_booking_form_with_the_dates(rental, future):
    soup = card(rental, check_in=future(0).isoformat(), check_out=future(2).isoformat())
    form = soup.select_one("#stay form.book-form")
    assert form["action"] == reverse("bookings:new", args=[rental.pk])
    assert form.select_one("button[formaction]")["formaction"] == urlsplit(rental.url).path + "#stay"
    assert {field["name"] for field in form.select("input")} == {"check_in", "check_out", "guests_count", "promo"}


def test_past_and_busy_days_are_not_links(rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(1), check_out=future(3))
    soup = card(rental, month=future(0).strftime("%Y-%m"))
    assert link_of(soup, future(1)) is None and link_of(soup, future(2)) is None
    assert link_of(soup, future(3)) is not None
    today = timezone.localdate()
    if today.day > 1:
        assert link_of(card(rental), today - timedelta(days=1)) is None


def test_money_reads_the_same_in_every_language(signed_in, rental, guest):
    booking = BookingFactory(rental=rental, guest=guest, hold=True, total=Decimal("42000"))
    for prefix in ("", "/kk", "/en"):
        for url in (f"{prefix}/bookings/{booking.number}/", f"{prefix}/bookings/{booking.number}/pay/"):
            text = parse_html(signed_in.get(url, HTTP_HOST=HOST)).get_text()
            assert "42\u00a0000 ₸" in text and "42000" not in text, url
