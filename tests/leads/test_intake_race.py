"""200 visitors send a request at the same moment: each lead is stored once and the managers' loads
stay within one of each other; ten requests from one phone at once make one lead."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page, Site

from leads.intake import LeadRequest, submit_lead
from leads.models import Interaction, InteractionKind, Lead, LeadKind, ManagerProfile
from notifications.models import Notification
from tests.bookings import conftest as bookings_conftest
from tests.bookings.conftest import run_concurrently
from tests.factories import SiteFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
SUBMISSIONS = 200
MANAGERS = 7  # 200 does not divide by 7: the loads must come out 28 or 29
# PostgreSQL allows 100 connections on this machine, shared: 200 submissions go through 25 connections at once.
CONNECTIONS = 25

committed_rows = bookings_conftest.committed_rows  # the bookings' fixture: threads commit, it cleans up


@pytest.fixture
def race_site(committed_rows):
    """A site of its own, with managers of its own, committed so that the threads see them."""

    def build():
        site = SiteFactory()
        users = get_user_model().objects
        for number in range(MANAGERS):
            user = users.create_user(email=f"racer{number}@example.com", is_staff=True)
            # every day, all day: the same pool whatever the time of the run
            profile = ManagerProfile.objects.create(
                user=user, work_days=[1, 2, 3, 4, 5, 6, 7], work_start="00:00", work_end="23:59:59"
            )
            profile.sites.set([site])
        return site

    first_new = (Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    [site] = run_concurrently([build])
    assert isinstance(site, Site), site

    def clean():
        # the threads' commits sent real notifications (to the managers and the clients' phones)
        Notification.objects.filter(pk__gte=first_new, kind__startswith="lead.").delete()
        Interaction.objects.filter(lead__site=site).delete()
        Lead.objects.filter(site=site).delete()
        get_user_model().objects.filter(email__startswith="racer").delete()
        site.delete()
        Page.objects.filter(pk=site.root_page_id).delete()

    committed_rows(clean)
    return site


def run_in_parallel(functions, connections=CONNECTIONS):
    """Run the functions on `connections` threads (each with its own database connection) that start at the
    same moment and take the next function as soon as they finish one. Results (or exceptions) in order."""
    pending = list(enumerate(functions))
    lock = threading.Lock()
    results = [None] * len(functions)

    def worker():
        while True:
            with lock:
                if not pending:
                    return None
                index, function = pending.pop(0)
            try:
                results[index] = function()
            except Exception as error:
                results[index] = error

    run_concurrently([worker] * connections)
    return results


def submission(site, number, phone=None):
    return LeadRequest(
        site=site,
        kind=LeadKind.CALLBACK,
        name=f"Клиент {number}",
        phone=phone or f"+7900{number:07d}",
        consent_at=timezone.now(),
    )


def test_200_concurrent_submissions_store_each_lead_once_and_balance_the_managers(race_site):
    results = run_in_parallel([lambda n=n: submit_lead(submission(race_site, n)) for n in range(SUBMISSIONS)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    leads = Lead.objects.filter(site=race_site)
    assert leads.count() == SUBMISSIONS
    assert leads.values("phone").distinct().count() == SUBMISSIONS
    assert not leads.filter(manager__isnull=True).exists()
    loads = dict(leads.values_list("manager__email").annotate(n=Count("pk")))
    assert len(loads) == MANAGERS
    assert max(loads.values()) - min(loads.values()) <= 1, loads
    # one request line and one assignment line per lead, nothing twice
    lines = Interaction.objects.filter(lead__site=race_site)
    assert lines.filter(kind=InteractionKind.REQUEST).count() == SUBMISSIONS
    assert lines.filter(kind=InteractionKind.ASSIGNMENT).count() == SUBMISSIONS


def test_ten_requests_from_one_phone_at_once_make_one_lead(race_site):
    results = run_concurrently(
        [lambda n=n: submit_lead(submission(race_site, n, phone="+79001112233")) for n in range(10)]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(r.created for r in results) == 1
    lead = Lead.objects.get(site=race_site)
    assert lead.interactions.filter(kind=InteractionKind.REQUEST).count() == 10
    assert lead.interactions.filter(kind=InteractionKind.ASSIGNMENT).count() == 1
