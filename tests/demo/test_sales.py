"""`manage.py seed_demo_sales` (run by `make seed`): every part of the sales demo, once."""

import io

import pytest
from django.core.management import call_command

from leads.models import Appointment, Deal, Lead

pytestmark = pytest.mark.django_db


def test_the_sales_demo_fills_both_sites_once():
    call_command("seed_demo_sales", stdout=io.StringIO())
    counts = (Lead.objects.count(), Appointment.objects.count(), Deal.objects.count())
    assert set(Lead.objects.values_list("site__hostname", flat=True)) == {"inback.localhost", "avtofamily.localhost"}
    assert all(counts)
    assert Lead.objects.filter(manager__isnull=False).count() == Lead.objects.count()
    call_command("seed_demo_sales", stdout=io.StringIO())
    assert (Lead.objects.count(), Appointment.objects.count(), Deal.objects.count()) == counts
