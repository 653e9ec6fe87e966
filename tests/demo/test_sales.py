"""The sales demo (`manage.py seed_demo_sales`, run by `make seed`): every part of it, once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.sales import calendar, deals
from leads.models import Appointment, CashbackRule, CashbackStatus, Deal, DealStage, Lead, ManagerProfile

pytestmark = pytest.mark.django_db


def test_the_sales_demo_fills_both_sites_once():
    call_command("seed_demo_sales", stdout=io.StringIO())
    counts = (Lead.objects.count(), Appointment.objects.count(), Deal.objects.count())
    assert set(Lead.objects.values_list("site__hostname", flat=True)) == {"inback.localhost", "avtofamily.localhost"}
    assert all(counts)
    assert Lead.objects.filter(manager__isnull=False).count() == Lead.objects.count()
    call_command("seed_demo_sales", stdout=io.StringIO())
    assert (Lead.objects.count(), Appointment.objects.count(), Deal.objects.count()) == counts


def test_the_demo_calendar_is_seeded_once(inback_site):
    home = inback_site.root_page.specific
    created = calendar.seed(home)
    manager = ManagerProfile.objects.get(user__email=calendar.MANAGER_EMAIL)
    assert created >= 7 and inback_site in manager.sites.all()
    assert manager.user.appointments.count() == 3 and manager.user.sales_tasks.count() == 3
    assert calendar.seed(home) == 0


def test_the_demo_seed_makes_rules_and_the_demo_buyers_deals_once(inback_site, documents_root):
    created = deals.seed(inback_site.root_page.specific)
    assert created >= 3 + 4
    assert CashbackRule.objects.filter(site=inback_site).count() == 3
    buyer = get_user_model().objects.get(email="user@demo.example.com")
    closed, open_one = Deal.objects.filter(buyer=buyer).order_by("pk")
    assert (closed.stage, closed.cashback_status, closed.documents.count()) == (
        DealStage.CLOSED,
        CashbackStatus.READY,
        1,
    )
    assert (open_one.stage, open_one.cashback_status) == (DealStage.CONTRACT, CashbackStatus.ACCRUED)
    assert deals.seed(inback_site.root_page.specific) == 0
