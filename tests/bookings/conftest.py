import threading
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection, connections
from wagtail.models import GroupPagePermission

from bookings.lifecycle import booking_zone
from bookings.services import GuestDetails
from tests.bookings.factories import RentalFactory, UserFactory, delete_rentals_site, far_ahead, rentals_index

RACE_HOST = "race.localhost"  # the committed rental's own site


@pytest.fixture
def rental():
    """A property of 20 000 ₸ a night on the tests' own rentals site (factories.HOST)."""
    return RentalFactory()


@pytest.fixture
def guest():
    return UserFactory(email="guest@example.com")


@pytest.fixture
def frozen_clock():
    """Holds, expiry and reminders follow the clock: a test using this runs at one fixed moment (a Wednesday
    mid-morning in Astana), whenever it is run."""
    with time_machine.travel(datetime(2027, 3, 10, 11, 30, tzinfo=booking_zone()), tick=False):
        yield


@pytest.fixture
def details():
    return GuestDetails(name="Айгерим", phone="+77011234567", email="guest@example.com", guests_count=1)


@pytest.fixture
def future():
    """future(n): n days after the day the tests' stays start (far enough ahead for a free calendar)."""
    return far_ahead


def let_add_pages_under(user, page):
    """Give `user` Wagtail's "add" permission below `page`, as a realtor's agency group does: Wagtail
    then lets them edit the pages there that they own, which makes them those rentals' managers."""
    group, _created = Group.objects.get_or_create(name=f"test: add pages under {page.pk}")
    GroupPagePermission.objects.get_or_create(
        group=group, page=page, permission=Permission.objects.get(codename="add_page")
    )
    user.groups.add(group)
    return user


def run_concurrently(functions):
    """Run each function in its own thread and database connection, started at the same moment.

    Returns each one's result or the exception it raised, in order. What the threads write
    is committed: the caller must clean it up (see `committed_rows`)."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def committed_rows():
    """Threads commit for real (outside the test's transaction); delete what they made afterwards."""
    cleanups = []
    yield cleanups.append
    if connection.vendor != "postgresql":
        return

    def clean():
        for cleanup in reversed(cleanups):  # last made, first deleted: bookings before their guest
            cleanup()

    [error] = run_concurrently([clean])
    assert error is None, f"cleanup failed: {error!r}"


@pytest.fixture
def committed_rental(committed_rows):
    """A property that the threads' connections see: committed on a site of its own, deleted afterwards
    (after the bookings made on it, so request it before anything else that commits rows)."""
    [rental] = run_concurrently([lambda: RentalFactory(parent=rentals_index(RACE_HOST))])
    assert not isinstance(rental, Exception), rental
    committed_rows(lambda: delete_rentals_site(RACE_HOST))
    return rental
