from decimal import Decimal

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


# -- deals and cashback --------------------------------------------------------------------------------------------


@pytest.fixture
def apartment(inback_site):
    from catalog.models import ApartmentPage

    return (
        ApartmentPage.objects.live()
        .descendant_of(inback_site.root_page)
        .filter(complex__developer__isnull=False)
        .select_related("complex__developer")
        .order_by("pk")
        .first()
    )


@pytest.fixture
def documents_root(settings, tmp_path):
    settings.LEADS_DOCUMENTS_ROOT = tmp_path / "private"
    return settings.LEADS_DOCUMENTS_ROOT


@pytest.fixture
def make_rule(inback_site):
    from leads.models import CashbackRule

    def make(percent, **fields):
        values = {"site": inback_site, "name": f"{percent} %", "percent": Decimal(str(percent)), **fields}
        return CashbackRule.objects.create(**values)

    return make


# The calendar's fixtures (tests/leads/calendar_fixtures.py).
from tests.leads.calendar_fixtures import calendar_manager, calendar_site, monday, viewing_lead  # noqa: E402, F401
