"""Closed dates and the property card's calendar and price (issue 5.1; seed 003, scenario 2 and 9.1)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from bookings.availability import DayState, availability_calendar, busy_nights, month_start
from bookings.blocking import save_blocked_period
from bookings.models import BlockedPeriod, BlockReason, Booking, BookingStatus
from bookings.services import DatesBlocked, DatesUnavailable, create_hold, dates_are_free
from tests.bookings.factories import (
    HOST,
    BlockedPeriodFactory,
    BookingFactory,
    PromoCodeFactory,
    RentalFactory,
    RentalPricingFactory,
    UserFactory,
)
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db
BLOCKED = "Объект недоступен в эти даты"
TAKEN = "Эти даты уже заняты"


def hold(rental, guest, details, check_in, check_out):
    return create_hold(rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details)


@pytest.fixture
def realtor(django_user_model):
    return django_user_model.objects.create_user(email="realtor@example.com", password="realtor-pass-Long-1")


# -- closed dates ---------------------------------------------------------------------------------------------


def test_a_closed_night_refuses_the_hold_with_its_own_message(rental, guest, details, future):
    BlockedPeriodFactory(rental=rental, start=future(2), end=future(4))
    with pytest.raises(DatesBlocked, match=BLOCKED) as refused:
        hold(rental, guest, details, future(0), future(3))
    assert isinstance(refused.value, DatesUnavailable)  # callers that catch «busy» catch it too
    assert TAKEN not in refused.value.messages[0]
    assert not Booking.objects.filter(rental=rental).exists()
    assert not dates_are_free(rental.pk, future(3), future(5))


def test_stays_may_end_on_the_first_closed_day_and_start_on_the_day_it_reopens(rental, guest, details, future):
    BlockedPeriodFactory(rental=rental, start=future(2), end=future(4))
    assert hold(rental, guest, details, future(0), future(2)).status == BookingStatus.HOLD
    assert hold(rental, UserFactory(), details, future(4), future(6)).status == BookingStatus.HOLD


def test_a_block_of_another_property_does_not_count(rental, guest, details, future):
    BlockedPeriodFactory(rental=RentalFactory(), start=future(0), end=future(5))
    assert hold(rental, guest, details, future(0), future(5)).status == BookingStatus.HOLD


def test_realtor_cannot_close_booked_dates(rental, guest, details, future, realtor):
    booking = hold(rental, guest, details, future(3), future(6))
    period = BlockedPeriod(rental=rental, start=future(5), end=future(8), reason=BlockReason.PERSONAL)
    with pytest.raises(ValidationError) as refused:
        save_blocked_period(period, by=realtor)
    message = refused.value.messages[0]
    assert "уже есть бронирование" in message and booking.short_number in message
    assert not BlockedPeriod.objects.filter(rental=rental).exists()


def test_expired_holds_and_cancelled_stays_do_not_stop_a_block(rental, guest, details, future, realtor):
    stale = hold(rental, guest, details, future(0), future(2))
    Booking.objects.filter(pk=stale.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    BookingFactory(rental=rental, guest=guest, check_in=future(2), check_out=future(4), cancelled=True)
    period = BlockedPeriod(rental=rental, start=future(0), end=future(4), reason=BlockReason.MAINTENANCE)
    save_blocked_period(period, by=realtor)
    assert period.pk and period.created_by == realtor


def test_a_block_must_close_at_least_one_night(rental, future):
    period = BlockedPeriod(rental=rental, start=future(3), end=future(3), reason=BlockReason.OTHER)
    with pytest.raises(ValidationError, match="позже даты «с»"):
        save_blocked_period(period)
    assert not BlockedPeriod.objects.filter(rental=rental).exists()


# -- the calendar ---------------------------------------------------------------------------------------------


def test_busy_nights_marks_booked_and_closed_nights_but_not_checkout_days(rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(1), check_out=future(3))
    BookingFactory(rental=rental, guest=guest, check_in=future(5), check_out=future(6), hold_ran_out=True)
    BookingFactory(rental=rental, guest=guest, check_in=future(6), check_out=future(7), hold=True)
    BlockedPeriodFactory(rental=rental, start=future(3), end=future(5))
    busy = busy_nights(rental.pk, future(0), future(10))
    assert busy == {
        future(1): DayState.BOOKED,
        future(2): DayState.BOOKED,
        future(3): DayState.BLOCKED,
        future(4): DayState.BLOCKED,
        future(6): DayState.BOOKED,
    }


def test_month_calendar_has_weeks_from_monday_and_marks_past_and_chosen_days(rental):
    today = timezone.localdate()
    [month] = availability_calendar(rental.pk, month_start(today), 1, stay=(today, today + timedelta(days=1)))
    days = [day for week in month.weeks for day in week if day]
    assert all(len(week) == 7 for week in month.weeks)
    assert days[0].date == month_start(today)
    assert month.weeks[0].index(days[0]) == days[0].date.weekday()
    assert all(day.state == DayState.PAST for day in days if day.date < today)
    assert [day.date for day in days if day.chosen] == [today]


def card(client, rental, **params):
    response = client.get(rental.url, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response


def month_param(day):
    return day.strftime("%Y-%m")


def test_card_shows_three_months_as_captioned_tables_from_this_month(client, rental):
    soup = parse_html(card(client, rental))
    tables = soup.select("#availability table.availability-month")
    assert len(tables) == 3
    first = month_start(timezone.localdate())
    assert tables[0].caption.get_text(strip=True) == date_format(first, "F Y")
    assert len(tables[0].select("thead th[scope=col]")) == 7
    assert not soup.select_one('#availability a[rel="prev"]')
    assert soup.select_one('#availability a[rel="next"]')["href"].startswith("?month=")


def test_card_calendar_labels_booked_and_closed_nights_in_words(client, rental, guest, future):
    tenth = month_start(future(40)) + timedelta(days=9)  # the 10th: the nights below stay in one month
    BookingFactory(rental=rental, guest=guest, check_in=tenth, check_out=tenth + timedelta(days=2))
    BlockedPeriodFactory(rental=rental, start=tenth + timedelta(days=2), end=tenth + timedelta(days=3))
    soup = parse_html(card(client, rental, month=month_param(tenth)))
    table = soup.select_one("table.availability-month")
    assert table.caption.get_text(strip=True) == date_format(tenth, "F Y")
    cells = {int(cell.select_one(".day-number").get_text()): cell for cell in table.select("td.day") if cell.text}
    for day in (10, 11):
        assert "day-booked" in cells[day]["class"] and cells[day].select_one(".day-state").get_text() == "занято"
    assert "day-blocked" in cells[12]["class"] and cells[12].select_one(".day-state").get_text() == "закрыто"
    assert "day-free" in cells[13]["class"] and cells[13].select_one(".day-state") is None  # free again
    assert len(soup.select(".availability-legend li")) == 4


def test_month_links_keep_the_chosen_dates_and_bad_months_fall_back(client, rental, future):
    response = card(client, rental, month=month_param(future(0)), check_in=future(0), check_out=future(2))
    soup = parse_html(response)
    previous = soup.select_one('#availability a[rel="prev"]')["href"]
    assert "check_in=" in previous and "check_out=" in previous
    for bad in ("abc", "2020-13", "1999-01"):
        tables = parse_html(card(client, rental, month=bad)).select("table.availability-month")
        assert tables[0].caption.get_text(strip=True) == date_format(month_start(timezone.localdate()), "F Y")


def test_the_calendar_opens_on_the_chosen_check_in_month(client, rental, future):
    soup = parse_html(card(client, rental, check_in=future(30), check_out=future(32)))
    caption = soup.select_one("table.availability-month caption").get_text(strip=True)
    assert caption == date_format(month_start(future(30)), "F Y")
    assert len(soup.select("td.day-chosen")) == 2


# -- the price on the card ----------------------------------------------------------------------------------


def test_card_shows_the_total_of_the_chosen_dates(client, rental, future):
    text = visible_text(card(client, rental, check_in=future(0), check_out=future(3)))
    total = f"{int(rental.price_per_night * 3):,}".replace(",", " ")  # visible_text turns no-break spaces into spaces
    assert "3 ночи" in text or "3 ночей" in text
    assert f"Итого {total} ₸" in text


def test_card_breaks_the_price_down_by_night_when_prices_differ(client, rental, future):
    RentalPricingFactory(rental=rental, weekend_price=Decimal("31000"), week_discount_percent=10)
    response = card(client, rental, check_in=future(0), check_out=future(7), promo="")
    soup = parse_html(response)
    rows = soup.select(".stay-nights tbody tr")
    assert len(rows) == 7
    assert sum("цена выходного дня" in row.get_text() for row in rows) == 2
    assert "Скидка за длительное проживание, 10%" in visible_text(response)


def test_card_applies_a_promo_code_or_says_why_not(client, rental, future):
    PromoCodeFactory(code="CARD10", kind="percent", value=10)
    applied = visible_text(card(client, rental, check_in=future(0), check_out=future(2), promo="card10"))
    assert "Скидка по промокоду CARD10" in applied
    refused = card(client, rental, check_in=future(0), check_out=future(2), promo="NOSUCH")
    assert "Промокод не найден" in parse_html(refused).select_one("#stay .errorlist").get_text()
    assert "Итого" in visible_text(refused)  # the price without the code is still shown


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-300, -298, "Дата заезда уже прошла."), (3, 1, "Дата выезда должна быть позже даты заезда.")],
)
def test_card_explains_impossible_dates(client, rental, future, start, end, message):
    soup = parse_html(card(client, rental, check_in=future(start), check_out=future(end)))
    assert message in soup.select_one("#stay").get_text()
    assert not soup.select(".stay-quote")


def test_card_says_why_busy_dates_cannot_be_booked(client, rental, guest, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(0), check_out=future(2))
    BlockedPeriodFactory(rental=rental, start=future(5), end=future(6))
    taken = parse_html(card(client, rental, check_in=future(1), check_out=future(3)))
    assert TAKEN in taken.select_one(".stay-error").get_text()
    closed = parse_html(card(client, rental, check_in=future(4), check_out=future(7)))
    assert BLOCKED in closed.select_one(".stay-error").get_text()
    assert not closed.select(".stay-quote")


def count_card_queries(rental, **params):
    client = Client()
    client.get(rental.url, params, HTTP_HOST=HOST)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(rental.url, params, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def test_card_queries_do_not_grow_with_bookings_blocks_or_stay_length(rental, guest, future):
    PromoCodeFactory(code="COUNT", kind="percent", value=5, usage_limit=100)
    RentalPricingFactory(rental=rental, weekend_price=Decimal("30000"))
    plain = {"month": month_param(future(0))}
    chosen = {"check_in": future(0), "check_out": future(2), "promo": "COUNT"}
    longer = {"check_in": future(0), "check_out": future(80), "promo": "COUNT"}
    few = (count_card_queries(rental, **plain), count_card_queries(rental, **chosen))
    assert count_card_queries(rental, **longer) == few[1]
    for offset in range(3, 80, 3):  # every third night booked, the next one closed, all in the months shown
        BookingFactory(rental=rental, guest=guest, check_in=future(offset), check_out=future(offset + 1))
        BlockedPeriodFactory(rental=rental, start=future(offset + 1), end=future(offset + 2))
    many = (count_card_queries(rental, **plain), count_card_queries(rental, **chosen))
    assert many == few
    assert few[1] - few[0] == 4  # the price: rules and overrides; the code and its uses
