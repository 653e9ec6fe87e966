"""API keys in the admin: created by the superuser with the full key shown once, revoked, never shown again."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail import hooks

from api.models import ApiKey, hash_secret
from tests.api.helpers import BASE, CARS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    hooks.search_for_hooks()  # registers the snippets (api/wagtail_hooks.py), as the admin's first request would
    client.force_login(get_user_model().objects.create_superuser(email="keys-admin@example.com", password="pw"))
    return client


def test_create_shows_the_key_once_and_keeps_only_its_hash(admin_client):
    owner = get_user_model().objects.create_user(email="partner@example.com", password="pw")
    url = reverse(ApiKey.snippet_viewset.get_url_name("add"))
    response = admin_client.post(url, {"name": "Фид", "owner": owner.pk, "scopes": ["cars:write"]})
    assert response.status_code == 200, response.content[:500]
    full = response.context["full_key"]
    key = ApiKey.objects.get(owner=owner)
    assert full.startswith(key.prefix + ".") and key.secret_hash == hash_secret(full.split(".", 1)[1])
    assert full.split(".", 1)[1] not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    assert key.scopes == ["cars:write"]

    edit = admin_client.get(reverse(ApiKey.snippet_viewset.get_url_name("edit"), args=[key.pk]))
    assert full.encode() not in edit.content
    ok = admin_client.get(BASE + "cars/", HTTP_HOST=CARS, HTTP_AUTHORIZATION=f"Api-Key {full}")
    assert ok.status_code == 200


def test_revoke_in_the_admin(admin_client):
    owner = get_user_model().objects.create_user(email="partner2@example.com", password="pw")
    key = ApiKey(name="Старый", owner=owner, scopes=["leads"])
    full = key.set_new_secret()
    key.save()
    url = reverse(ApiKey.snippet_viewset.get_url_name("edit"), args=[key.pk])
    response = admin_client.post(url, {"name": "Старый", "scopes": ["leads"], "revoke": "on"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.owner == owner
    refused = admin_client.get(BASE + "cars/", HTTP_HOST=CARS, HTTP_AUTHORIZATION=f"Api-Key {full}")
    assert refused.status_code == 401
