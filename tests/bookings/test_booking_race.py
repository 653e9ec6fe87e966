"""Twenty guests press «Забронировать» at the same moment: exactly one gets the dates."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from bookings.models import Booking, BookingStatus
from bookings.services import DatesUnavailable, create_hold
from tests.bookings.conftest import run_concurrently

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and EXCLUDE need PostgreSQL"),
]
ATTEMPTS = 20


def attempt(rental, guest, details, check_in, check_out):
    return lambda: create_hold(
        rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details
    )


@pytest.fixture
def rental(committed_rental):
    return committed_rental


@pytest.fixture
def committed_guest(committed_rows):
    """The guest must be committed for the threads' connections to see it."""
    [user] = run_concurrently([lambda: get_user_model().objects.create_user(email="racer@example.com")])
    committed_rows(lambda: get_user_model().objects.filter(pk=user.pk).delete())
    return user


def test_same_dates(rental, committed_guest, details, future, committed_rows):
    committed_rows(lambda: Booking.objects.filter(guest=committed_guest).delete())
    results = run_concurrently(
        [attempt(rental, committed_guest, details, future(0), future(3)) for _ in range(ATTEMPTS)]
    )
    winners = [r for r in results if isinstance(r, Booking)]
    losers = [r for r in results if not isinstance(r, Booking)]
    assert len(winners) == 1
    assert all(isinstance(r, DatesUnavailable) for r in losers), losers
    assert {r.messages[0] for r in losers} == {"Эти даты уже заняты. Выберите другие даты заезда и выезда."}
    assert Booking.objects.filter(rental=rental, status=BookingStatus.HOLD).count() == 1


def test_overlapping_dates(rental, committed_guest, details, future, committed_rows):
    committed_rows(lambda: Booking.objects.filter(guest=committed_guest).delete())
    # Every range contains the night of future(4), so any two of them overlap.
    ranges = [(future(i % 4), future(5 + i % 3)) for i in range(ATTEMPTS)]
    results = run_concurrently([attempt(rental, committed_guest, details, *dates) for dates in ranges])
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert all(isinstance(r, (Booking, DatesUnavailable)) for r in results), results
    assert Booking.objects.filter(rental=rental).count() == 1
