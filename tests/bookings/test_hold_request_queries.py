"""What one «Подтвердить» costs in SQL: a HOLD on free dates, and a refusal of taken dates before any lock.

When a hundred guests ask for the same nights at once, all but one are refused: the refusal must stay cheap
(bench/README.md, «Booking contention»)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import BlockedPeriod, Booking, BookingStatus
from bookings.services import dates_state
from tests.bookings.factories import HOST, BlockedPeriodFactory, BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = get_user_model().objects.create_user(email="aigerim@example.com", first_name="Айгерим")
    client.force_login(user)
    return user


def confirm(client, rental, future, start=0, end=3):
    data = {
        "check_in": future(start).isoformat(),
        "check_out": future(end).isoformat(),
        "guests_count": "1",
        "name": "Айгерим",
        "phone": "+77017654321",
        "accept_rules": "on",
        "step": "confirm",
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/bookings/new/{rental.pk}/", data, HTTP_HOST=HOST)
    # The session is in the database without Redis (a local run), in Redis in CI and production: not counted.
    return response, [query["sql"] for query in queries.captured_queries if "django_session" not in query["sql"]]


def test_a_hold_request(client, rental, member, future):
    client.post(f"/bookings/new/{rental.pk}/", {}, HTTP_HOST=HOST)  # warm what a worker keeps between requests
    response, queries = confirm(client, rental, future)
    assert response.status_code == 302
    assert Booking.objects.get(guest=member).status == BookingStatus.HOLD
    # User, property, the guest's holds and the dates (both read before the lock); in the transaction:
    # the guest's and the property's locks (with its price rules), the holds and the dates again, the price
    # overrides, the booking and its history line; nothing for Wagtail's reference index.
    assert len(queries) == 14, "\n".join(queries)
    assert [sql.split(" ", 3)[2] for sql in queries if sql.startswith("INSERT")] == [
        '"bookings_booking"',
        '"bookings_bookingstatuschange"',
    ]


def test_a_refusal_of_taken_dates(client, rental, member, future):
    BookingFactory(rental=rental, check_in=future(1), check_out=future(4), hold=True)
    client.post(f"/bookings/new/{rental.pk}/", {}, HTTP_HOST=HOST)
    response, queries = confirm(client, rental, future)
    assert response.status_code == 400
    assert "Эти даты уже заняты" in response.content.decode()
    # User, property, the guest's holds, the dates: refused there, before any transaction or lock;
    # then the site and its brand for the page.
    assert len(queries) == 7, "\n".join(queries)
    assert not [sql for sql in queries if "SAVEPOINT" in sql or "FOR UPDATE" in sql]


def test_the_dates_state_in_sql_follows_the_querysets_rules(rental, future):
    """dates_state() is written in SQL for speed: it must say what BlockedPeriod.overlapping(),
    Booking.occupying() and Booking.stale_holds() say, for every kind of booking and every overlap."""
    BlockedPeriodFactory(rental=rental, start=future(0), end=future(2))
    confirmed = BookingFactory(rental=rental, check_in=future(4), check_out=future(6), confirmed=True)
    BookingFactory(rental=rental, check_in=future(8), check_out=future(10), hold=True)
    BookingFactory(rental=rental, check_in=future(12), check_out=future(14), hold_ran_out=True)
    BookingFactory(rental=rental, check_in=future(16), check_out=future(18), cancelled=True)
    BookingFactory(rental=rental, check_in=future(20), check_out=future(22), checked_in=True)
    BookingFactory(check_in=future(0), check_out=future(30))  # another property's stay counts for nothing
    stays = Booking.objects.filter(rental=rental)
    for start in range(24):
        for end in range(start + 1, min(start + 5, 25)):
            check_in, check_out = future(start), future(end)
            expected = (
                BlockedPeriod.objects.filter(rental=rental).overlapping(check_in, check_out).exists(),
                stays.occupying().overlapping(check_in, check_out).exists(),
                stays.stale_holds().overlapping(check_in, check_out).exists(),
            )
            assert dates_state(rental.pk, check_in, check_out) == expected, (start, end)
    # A booking does not take its own dates (a late payment checks whether they are still free).
    assert dates_state(rental.pk, future(4), future(6), exclude_booking=confirmed) == (False, False, False)
    assert dates_state(rental.pk, future(3), future(9), exclude_booking=confirmed) == (False, True, False)
