"""The CRM tests' fixtures: a site of the test's own, and makers of its managers, leads, rules and meetings
(tests/leads/factories.py builds them)."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from leads.clock import leads_time_zone
from tests.factories import SiteFactory, apartment_on
from tests.leads.factories import CashbackRuleFactory, LeadFactory, manager


@pytest.fixture
def site(db):
    """The site the test's leads come to; no demo manager, lead or rule is on it."""
    return SiteFactory()


@pytest.fixture
def make_manager(site):
    def make(email=None, *, sites=None, head=False, **profile):
        return manager(email, sites=sites if sites is not None else [site], head=head, **profile)

    return make


@pytest.fixture
def make_lead(site):
    def make(**fields):
        return LeadFactory(**{"site": site, **fields})

    return make


# -- deals and cashback --------------------------------------------------------------------------------------------


@pytest.fixture
def apartment(site):
    """A live apartment of the site, in a complex with a developer."""
    return apartment_on(site)


@pytest.fixture
def documents_root(settings, tmp_path):
    settings.LEADS_DOCUMENTS_ROOT = tmp_path / "private"
    return settings.LEADS_DOCUMENTS_ROOT


@pytest.fixture
def make_rule(site):
    def make(percent, **fields):
        return CashbackRuleFactory(**{"site": site, "name": f"{percent} %", "percent": Decimal(str(percent)), **fields})

    return make


# -- the calendar --------------------------------------------------------------------------------------------------


@pytest.fixture
def monday():
    """The first Monday at least 3 days ahead: inside the two weeks offered to clients, clear of the notice."""
    day = timezone.localdate(timezone.now(), leads_time_zone()) + timedelta(days=3)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def calendar_manager(make_manager):
    """A manager of the site working 10:00–13:00 on weekdays: three one-hour slots a day."""

    def make(email, **profile):
        return make_manager(
            email, **{"work_days": [1, 2, 3, 4, 5], "work_start": time(10), "work_end": time(13), **profile}
        )

    return make


@pytest.fixture
def viewing_lead(make_lead):
    def make(**fields):
        return make_lead(**{"kind": "viewing", "listing_title": "ЖК «Берег», кв. 12", **fields})

    return make


# -- the demo ------------------------------------------------------------------------------------------------------


@pytest.fixture
def inback_site(db):
    """The demo's InBack site: only for the tests of the demo itself (the seeds in leads/demo/)."""
    from wagtail.models import Site

    return Site.objects.get(hostname="inback.localhost")
