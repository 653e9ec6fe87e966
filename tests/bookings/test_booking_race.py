"""Guests press «Забронировать» at the same moment: no two stays ever share a night, no stay is refused that
did not have to be, and one guest cannot take more holds at once than the limits allow."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from bookings.models import Booking, BookingStatus
from bookings.services import DatesUnavailable, TooManyHolds, create_hold
from tests.bookings.conftest import RACE_HOST, run_concurrently
from tests.bookings.factories import RentalFactory, rentals_index

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and EXCLUDE need PostgreSQL"),
]
ATTEMPTS = 20


def attempt(rental, guest, details, check_in, check_out):
    return lambda: create_hold(
        rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details
    )


def overlap(one, other):
    return one[0] < other[1] and other[0] < one[1]


@pytest.fixture
def rental(committed_rental):
    return committed_rental


@pytest.fixture
def committed_guests(committed_rows):
    """ATTEMPTS guests, committed for the threads' connections to see them (one each: a guest's own
    holds are limited, see the last tests)."""
    [users] = run_concurrently(
        [lambda: [get_user_model().objects.create_user(email=f"racer{n}@example.com") for n in range(ATTEMPTS)]]
    )
    committed_rows(lambda: get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete())
    committed_rows(lambda: Booking.objects.filter(guest__in=users).delete())
    return users


def test_same_dates(rental, committed_guests, details, future):
    results = run_concurrently([attempt(rental, guest, details, future(0), future(3)) for guest in committed_guests])
    winners = [r for r in results if isinstance(r, Booking)]
    losers = [r for r in results if not isinstance(r, Booking)]
    assert len(winners) == 1
    assert all(isinstance(r, DatesUnavailable) for r in losers), losers
    assert {r.messages[0] for r in losers} == {"Эти даты уже заняты. Выберите другие даты заезда и выезда."}
    assert Booking.objects.filter(rental=rental, status=BookingStatus.HOLD).count() == 1


def test_overlapping_dates(rental, committed_guests, details, future):
    # Every range contains the night of future(4), so any two of them overlap.
    ranges = [(future(i % 4), future(5 + i % 3)) for i in range(ATTEMPTS)]
    results = run_concurrently(
        [attempt(rental, guest, details, *dates) for guest, dates in zip(committed_guests, ranges, strict=True)]
    )
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert all(isinstance(r, (Booking, DatesUnavailable)) for r in results), results
    assert Booking.objects.filter(rental=rental).count() == 1


def test_overlapping_ranges_give_disjoint_holds_and_no_false_refusal(rental, committed_guests, details, future):
    # Ranges of 1 to 4 nights starting on 0..19: each overlaps some others but not all, so several can win.
    ranges = [(future(i), future(i + 1 + (i * 7) % 4)) for i in range(ATTEMPTS)]
    results = run_concurrently(
        [attempt(rental, guest, details, *dates) for guest, dates in zip(committed_guests, ranges, strict=True)]
    )
    assert all(isinstance(r, (Booking, DatesUnavailable)) for r in results), results
    held = [dates for dates, r in zip(ranges, results, strict=True) if isinstance(r, Booking)]
    refused = [dates for dates, r in zip(ranges, results, strict=True) if isinstance(r, DatesUnavailable)]
    assert len(held) > 1
    assert not any(overlap(one, other) for n, one in enumerate(held) for other in held[n + 1 :])
    assert all(any(overlap(dates, winner) for winner in held) for dates in refused), "a free range was refused"
    stored = Booking.objects.filter(rental=rental).values_list("check_in", "check_out")
    assert sorted(stored) == sorted(held)


@pytest.fixture
def committed_rentals(committed_rental):
    """Five more properties on the committed rental's site (deleted with it)."""
    [rentals] = run_concurrently([lambda: [RentalFactory(parent=rentals_index(RACE_HOST)) for _ in range(5)]])
    assert not isinstance(rentals, Exception), rentals
    return [committed_rental, *rentals]


def test_one_guest_holding_many_properties_at_once_gets_the_limit(committed_rentals, committed_guests, details, future):
    """The properties' locks do not serialise these: the guest's row lock does."""
    [guest] = committed_guests[:1]
    results = run_concurrently([attempt(rental, guest, details, future(0), future(3)) for rental in committed_rentals])
    limit = settings.BOOKING_MAX_LIVE_HOLDS_PER_GUEST
    assert limit < len(committed_rentals)
    assert sum(isinstance(r, Booking) for r in results) == limit
    losers = [r for r in results if not isinstance(r, Booking)]
    assert all(isinstance(r, TooManyHolds) for r in losers), losers
    assert Booking.objects.filter(guest=guest).count() == limit


def test_one_guest_holding_one_property_many_times_at_once_gets_one(rental, committed_guests, details, future):
    [guest] = committed_guests[:1]
    results = run_concurrently([attempt(rental, guest, details, future(3 * n), future(3 * n + 2)) for n in range(6)])
    assert sum(isinstance(r, Booking) for r in results) == settings.BOOKING_MAX_LIVE_HOLDS_PER_PROPERTY_PER_GUEST == 1
    assert all(isinstance(r, (Booking, TooManyHolds)) for r in results), results
    assert Booking.objects.filter(guest=guest).count() == 1
