"""Fixtures of the calendar tests: a site of its own (so other demo managers never offer slots in it),
a Monday a few days ahead (clear of the booking notice, inside the slots offered), and moments in LEADS_TIME_ZONE."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from leads.clock import leads_time_zone
from leads.models import LeadKind


@pytest.fixture
def calendar_site(inback_site):
    return Site.objects.create(
        hostname="calendar.localhost", port=80, root_page=inback_site.root_page, site_name="Календарь"
    )


@pytest.fixture
def monday():
    """The first Monday at least 3 days ahead: inside the two weeks offered to clients, clear of the notice."""
    day = timezone.localdate(timezone.now(), leads_time_zone()) + timedelta(days=3)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=leads_time_zone())


@pytest.fixture
def calendar_manager(make_manager, calendar_site):
    """A manager of the calendar site working 10:00–13:00 on weekdays: three one-hour slots a day."""

    def make(email, **profile):
        values = {"work_days": [1, 2, 3, 4, 5], "work_start": time(10), "work_end": time(13), **profile}
        return make_manager(email, sites=[calendar_site], **values)

    return make


@pytest.fixture
def viewing_lead(make_lead, calendar_site):
    def make(**fields):
        return make_lead(
            **{"site": calendar_site, "kind": LeadKind.VIEWING, "listing_title": "ЖК «Берег», кв. 12", **fields}
        )

    return make
