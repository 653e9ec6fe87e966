"""`manage.py demo_api_key` (run by `make run`): the demo dealer and a fresh key that works."""

import re

import pytest
from django.core.management import call_command

from api.models import ApiKey
from catalog.models import CarAdPage
from demo.api import DEALER_EMAIL
from tests.api.helpers import BASE, CARS

pytestmark = pytest.mark.django_db


def printed_key(capsys):
    call_command("demo_api_key")
    return re.search(r"key: (\S+)", capsys.readouterr().out).group(1)


def test_demo_key_changes_the_dealers_own_ads_only(client, settings, capsys):
    settings.DEBUG = True
    old = printed_key(capsys)
    key = printed_key(capsys)
    assert ApiKey.objects.filter(owner__email=DEALER_EMAIL, revoked_at__isnull=True).count() == 1
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {key}", "HTTP_HOST": CARS}
    own = list(CarAdPage.objects.filter(owner__email=DEALER_EMAIL).values_list("pk", flat=True))
    assert len(own) == 3
    body = {"ids": own, "status": "reserved"}
    response = client.post(BASE + "cars/status/", body, content_type="application/json", **auth)
    assert response.status_code == 200
    other = CarAdPage.objects.live().exclude(owner__email=DEALER_EMAIL).first()
    refused = client.post(
        BASE + "cars/status/", {"ids": [other.pk], "status": "sold"}, content_type="application/json", **auth
    )
    assert refused.status_code == 403
    old_auth = {"HTTP_AUTHORIZATION": f"Api-Key {old}", "HTTP_HOST": CARS}
    assert client.post(BASE + "cars/status/", body, content_type="application/json", **old_auth).status_code == 401
