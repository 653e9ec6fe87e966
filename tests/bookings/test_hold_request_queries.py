"""What one «Подтвердить» costs in SQL: a HOLD on free dates, and a refusal of taken dates before any lock.

When a hundred guests ask for the same nights at once, all but one are refused: the refusal must stay cheap
(bench/README.md, «Booking contention»)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking, BookingStatus
from tests.bookings.factories import HOST, BookingFactory

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
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_hold_request(client, rental, member, future):
    client.post(f"/bookings/new/{rental.pk}/", {}, HTTP_HOST=HOST)  # warm what a worker keeps between requests
    response, queries = confirm(client, rental, future)
    assert response.status_code == 302
    assert Booking.objects.get(guest=member).status == BookingStatus.HOLD
    # Session, user, property, the guest's holds and the dates (both read before the lock); in the transaction:
    # the guest's and the property's locks (with its price rules), the holds and the dates again, the price
    # overrides, the booking and its history line; nothing for Wagtail's reference index.
    assert len(queries) == 15, "\n".join(queries)
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
    # Session, user, property, the guest's holds, the dates: refused there, before any transaction or lock;
    # then the site and its brand for the page.
    assert len(queries) == 8, "\n".join(queries)
    assert not [sql for sql in queries if "SAVEPOINT" in sql or "FOR UPDATE" in sql]
