"""Optimistic locking of a record staff edit in an admin form (core/locking.py), on a property's price rules: a
realtor and the agency admin open the same version, the first save wins, the second is refused in Russian."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bookings.models import RentalPricing
from core.locking import STALE_EDIT_MESSAGE, claim_version
from tests.bookings.factories import RentalFactory

pytestmark = pytest.mark.django_db


def edit_url(pricing):
    return reverse(RentalPricing.snippet_viewset.get_url_name("edit"), args=[pricing.pk])


def opened_version(client, pricing):
    html = client.get(edit_url(pricing)).content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_the_second_of_two_edits_of_the_price_rules_is_refused():
    pricing = RentalPricing.objects.create(rental=RentalFactory())
    users = get_user_model().objects
    first, second = Client(), Client()
    first.force_login(users.create_superuser(email="realtor@example.com", password="pw"))
    second.force_login(users.create_superuser(email="agency@example.com", password="pw"))
    form = {"rental": pricing.rental_id, "weekend_price": "", "week_discount_percent": "0"}
    form["version"] = opened_version(first, pricing)
    assert opened_version(second, pricing) == form["version"] == "1"

    saved = first.post(edit_url(pricing), {**form, "month_discount_percent": "15"})
    refused = second.post(edit_url(pricing), {**form, "month_discount_percent": "5"})

    assert saved.status_code == 302 and refused.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in refused.content.decode()
    pricing.refresh_from_db()
    assert (pricing.month_discount_percent, pricing.version) == (Decimal("15"), 2)


def test_a_version_is_claimed_once():
    pricing = RentalPricing.objects.create(rental=RentalFactory())
    claim_version(pricing, 1)
    assert pricing.version == 2 and RentalPricing.objects.get(pk=pricing.pk).version == 2
    with pytest.raises(Exception, match="сохранил другой сотрудник"):
        claim_version(RentalPricing.objects.get(pk=pricing.pk), 1)
