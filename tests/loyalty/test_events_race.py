"""200 members at once for the last 10 seats of an event: exactly 10 get one, the other 190 wait in the order the
event's lock let them in (PostgreSQL: row locks)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from loyalty.models import EventRegistration, Member
from loyalty.services import events
from tests.bookings.conftest import run_concurrently
from tests.loyalty.factories import MemberFactory, club_event, delete_club_site

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
RACE_HOST = "club-events-race.localhost"
MEMBERS = 200
WORKERS = 40  # connections at once (the server's max_connections is shared); each registers MEMBERS / WORKERS
PHONES = "+7926777"


def test_two_hundred_members_for_the_last_ten_seats(committed_rows):
    def build():
        event = club_event(RACE_HOST, capacity=20)
        early = [MemberFactory(phone=f"{PHONES}{index:04d}") for index in range(10)]
        for member in early:
            events.register(event, member)
        racers = [MemberFactory(phone=f"{PHONES}{index:04d}") for index in range(10, 10 + MEMBERS)]
        return event, racers

    def clean():
        members = Member.objects.filter(phone__startswith=PHONES)
        EventRegistration.objects.filter(member__in=members).delete()
        users = list(members.values_list("user", flat=True))
        members.delete()
        get_user_model().objects.filter(pk__in=users).delete()
        delete_club_site(RACE_HOST)

    committed_rows(clean)
    [built] = run_concurrently([build])
    assert not isinstance(built, Exception), built
    event, racers = built

    def worker(batch):
        return lambda: [events.register(event, member) for member in batch]

    batches = [racers[index::WORKERS] for index in range(WORKERS)]
    results = run_concurrently([worker(batch) for batch in batches])
    assert not [result for result in results if isinstance(result, Exception)], results
    raced = EventRegistration.objects.filter(event=event, member__in=racers).order_by("pk")
    statuses = list(raced.values_list("status", flat=True))
    assert len(statuses) == MEMBERS
    # Exactly the first ten through the lock got the seats; everyone after them waits, in that same order.
    assert statuses == [EventRegistration.Status.REGISTERED] * 10 + [EventRegistration.Status.WAITING] * 190
    assert EventRegistration.objects.filter(event=event, status=EventRegistration.Status.REGISTERED).count() == 20
    waiting = list(raced.filter(status=EventRegistration.Status.WAITING))
    assert [events.waiting_position(row) for row in (waiting[0], waiting[99], waiting[-1])] == [1, 100, 190]
    # The next seat freed goes to the first of them.
    first_seat = EventRegistration.objects.filter(event=event, status=EventRegistration.Status.REGISTERED).first()
    [freed] = run_concurrently([lambda: events.cancel(first_seat)])
    assert not isinstance(freed, Exception), freed
    waiting[0].refresh_from_db()
    assert waiting[0].status == EventRegistration.Status.OFFERED
