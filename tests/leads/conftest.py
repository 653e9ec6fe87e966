import pytest
from django.utils import timezone
from wagtail.models import Site

from accounts import roles
from leads.models import Lead, LeadKind, ManagerProfile


@pytest.fixture
def inback_site(db):
    return Site.objects.get(hostname="inback.localhost")


@pytest.fixture
def make_manager(django_user_model, inback_site):
    def make(email, *, sites=None, head=False, **profile):
        user = django_user_model.objects.create_user(email=email, password="pw", is_staff=True)
        user.groups.add(roles.role_group(roles.MANAGER))
        profile_row = ManagerProfile.objects.create(user=user, is_head_of_sales=head, **profile)
        profile_row.sites.set(sites if sites is not None else [inback_site])
        return user

    return make


@pytest.fixture
def make_lead(inback_site):
    def make(**fields):
        values = {
            "site": inback_site,
            "kind": LeadKind.CONSULTATION,
            "name": "Анна",
            "phone": "+79001234567",
            "consent_at": timezone.now(),
            **fields,
        }
        return Lead.objects.create(**values)

    return make


# The calendar's fixtures (tests/leads/calendar_fixtures.py).
from tests.leads.calendar_fixtures import calendar_manager, calendar_site, monday, viewing_lead  # noqa: E402, F401
