"""Holds, the status machine and its history."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus
from bookings.services import DatesUnavailable, TooManyHolds, create_hold, dates_are_free
from bookings.status import TransitionNotAllowed, transition
from tests.bookings.factories import BookingFactory, RentalFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def hold(rental, guest, details, check_in, check_out):
    return create_hold(rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details)


def test_hold_prices_the_stay_and_starts_the_history(rental, guest, details, future):
    booking = hold(rental, guest, details, future(0), future(3))
    assert booking.status == BookingStatus.HOLD
    assert booking.nights == 3
    assert booking.total == rental.price_per_night * 3
    assert timedelta(minutes=14) < booking.hold_expires_at - timezone.now() <= timedelta(minutes=15)
    assert [(c.from_status, c.to_status, c.changed_by) for c in booking.status_history.all()] == [
        ("", BookingStatus.HOLD, guest)
    ]


def test_overlapping_stay_is_refused_with_a_clear_message(rental, guest, details, future):
    hold(rental, guest, details, future(0), future(3))
    with pytest.raises(DatesUnavailable, match="Эти даты уже заняты"):
        hold(rental, UserFactory(), details, future(2), future(5))
    assert Booking.objects.filter(rental=rental).count() == 1


def test_a_stay_may_start_the_day_another_ends(rental, guest, details, future):
    hold(rental, guest, details, future(0), future(3))
    second = hold(rental, UserFactory(), details, future(3), future(5))
    assert second.status == BookingStatus.HOLD


def test_an_expired_hold_frees_its_dates_and_is_recorded(rental, guest, details, future):
    stale = hold(rental, guest, details, future(0), future(3))
    Booking.objects.filter(pk=stale.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    assert dates_are_free(rental.pk, future(0), future(3))  # every read treats it as expired already
    fresh = hold(rental, guest, details, future(1), future(2))
    stale.refresh_from_db()
    assert stale.status == BookingStatus.EXPIRED
    assert stale.status_history.last().reason
    assert fresh.status == BookingStatus.HOLD


@pytest.mark.parametrize(
    ("start", "end", "guests", "message"),
    [
        (3, 3, 1, "позже даты заезда"),
        (-300, -298, 1, "уже прошла"),
        (0, 91, 1, "не больше 90 ночей"),
        (0, 2, 99, "до"),
    ],
)
def test_impossible_stays_are_refused_and_nothing_is_written(
    rental, guest, details, future, start, end, guests, message
):
    details.guests_count = guests
    with pytest.raises(ValidationError, match=message):
        hold(rental, guest, details, future(start), future(end))
    assert not Booking.objects.filter(rental=rental).exists()


def test_transitions_follow_the_design_and_nothing_else(rental, guest, details, future):
    booking = hold(rental, guest, details, future(0), future(2))
    with pytest.raises(TransitionNotAllowed):
        transition(booking, BookingStatus.CHECKED_IN)
    transition(booking, BookingStatus.CONFIRMED, by=guest, reason="оплачено")
    transition(booking, BookingStatus.CHECKED_IN)
    transition(booking, BookingStatus.COMPLETED)
    for target in BookingStatus:
        with pytest.raises(TransitionNotAllowed, match="Нельзя перевести"):
            transition(booking, target)
    history = [(c.from_status, c.to_status) for c in booking.status_history.all()]
    assert history == [
        ("", "HOLD"),
        ("HOLD", "CONFIRMED"),
        ("CONFIRMED", "CHECKED_IN"),
        ("CHECKED_IN", "COMPLETED"),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the EXCLUDE constraint exists on PostgreSQL only")
def test_database_refuses_an_overlap_that_bypasses_the_service(rental, guest, details, future):
    booking = hold(rental, guest, details, future(0), future(4))
    transition(booking, BookingStatus.CONFIRMED)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        BookingFactory(rental=rental, guest=guest, check_in=future(2), check_out=future(6), confirmed=True)
    # A cancelled stay does not hold the dates, so the same insert as CANCELLED is fine.
    BookingFactory(rental=rental, guest=guest, check_in=future(2), check_out=future(6), cancelled=True)


# -- how many holds one guest may keep (issue 12 item 11: one guest took 10 of 10 holds on a property) -----------

HERE = "Вы уже держите максимум неоплаченных бронирований этого объекта (1)."
IN_ALL = "Вы уже держите максимум неоплаченных бронирований (3)."


def test_a_guest_keeps_one_unpaid_hold_per_property(rental, guest, details, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(0), check_out=future(3), hold=True)
    with pytest.raises(TooManyHolds) as refused:
        hold(rental, guest, details, future(5), future(8))
    assert refused.value.messages == [
        HERE + " Оплатите или отмените ожидающее оплаты бронирование, чтобы выбрать другие даты."
    ]
    assert Booking.objects.filter(guest=guest).count() == 1
    assert hold(RentalFactory(), guest, details, future(5), future(8)).status == BookingStatus.HOLD


def test_a_guest_keeps_three_unpaid_holds_in_all(rental, guest, details, future):
    BookingFactory.create_batch(3, guest=guest, hold=True)  # each on a property of its own
    with pytest.raises(TooManyHolds, match=r"держите максимум неоплаченных бронирований \(3\)\. Оплатите"):
        hold(rental, guest, details, future(0), future(3))
    assert not Booking.objects.filter(rental=rental).exists()
    assert hold(rental, UserFactory(), details, future(0), future(3)).status == BookingStatus.HOLD


def test_paid_stays_and_holds_that_ran_out_do_not_count(rental, guest, details, future):
    BookingFactory(rental=rental, guest=guest, check_in=future(10), check_out=future(12), confirmed=True)
    BookingFactory(rental=rental, guest=guest, check_in=future(20), check_out=future(22), hold_ran_out=True)
    BookingFactory.create_batch(2, guest=guest, hold_ran_out=True)  # not yet recorded as expired: still free
    BookingFactory.create_batch(2, guest=guest, confirmed=True)
    assert hold(rental, guest, details, future(0), future(3)).status == BookingStatus.HOLD


def test_a_hold_stops_counting_the_moment_it_runs_out(rental, guest, details, future):
    hold(rental, guest, details, future(0), future(3))
    with pytest.raises(TooManyHolds, match=re.escape(HERE)):
        hold(rental, guest, details, future(5), future(8))
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1), tick=False):  # no beat task ran
        assert hold(rental, guest, details, future(5), future(8)).status == BookingStatus.HOLD


@pytest.mark.parametrize(("per_guest", "per_property"), [(0, 0), (5, 3)])
def test_the_limits_are_settings_and_zero_turns_them_off(
    settings, rental, guest, details, future, per_guest, per_property
):
    settings.BOOKING_MAX_LIVE_HOLDS_PER_GUEST = per_guest
    settings.BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST = per_property
    for n in range(3):
        hold(rental, guest, details, future(3 * n), future(3 * n + 2))
    assert Booking.objects.live_holds().filter(guest=guest).count() == 3
