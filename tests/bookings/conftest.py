import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import GroupPagePermission, Site

from bookings.services import GuestDetails
from catalog.models import RentalPropertyPage


@pytest.fixture
def rental():
    site = Site.objects.get(hostname="zhilego.localhost")
    return RentalPropertyPage.objects.live().descendant_of(site.root_page).filter(is_active=True).first()


@pytest.fixture
def guest():
    return get_user_model().objects.create_user(email="guest@example.com", password="guest-pass-Long-1")


@pytest.fixture
def details():
    return GuestDetails(name="Айгерим", phone="+77011234567", email="guest@example.com", guests_count=1)


@pytest.fixture
def future():
    """A date far enough ahead that no demo data touches it."""
    today = timezone.localdate()
    return lambda days: today + timedelta(days=200 + days)


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
