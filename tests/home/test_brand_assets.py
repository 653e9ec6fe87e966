"""Each brand's favicon and web manifest, drawn from its BrandSettings, and the 500 page in its colours."""

import json

import pytest
from wagtail.models import Site

from core.views import server_error
from home.models import BrandSettings
from tests.conftest import DEMO_HOSTS
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
BRANDS = [key for key in DEMO_HOSTS if key != "portal"]


@pytest.mark.parametrize("key", BRANDS)
def test_each_brand_has_its_own_manifest(client, key):
    brand = BrandSettings.for_site(Site.objects.get(hostname=DEMO_HOSTS[key]))
    response = client.get("/manifest.webmanifest", HTTP_HOST=DEMO_HOSTS[key])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["theme_color"], manifest["start_url"]) == (brand.name, brand.primary_color, "/")
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    assert all(icon["src"].endswith(".png") for icon in manifest["icons"])


@pytest.mark.parametrize("key", BRANDS)
def test_the_favicon_is_the_brand_logo(client, key):
    response = client.get("/favicon.ico", HTTP_HOST=DEMO_HOSTS[key])
    assert response.status_code == 302
    assert response["Location"].endswith(".png")
    assert "max-age=86400" in response["Cache-Control"]


def test_a_brand_without_a_logo_gets_its_letter_in_its_colour(client):
    site = Site.objects.get(hostname=DEMO_HOSTS["zhilego"])
    BrandSettings.objects.filter(site=site).update(logo=None, primary_color="#123456")
    favicon = client.get("/favicon.ico", HTTP_HOST=site.hostname)
    assert favicon.status_code == 200 and favicon["Content-Type"] == "image/svg+xml"
    assert 'fill="#123456"' in favicon.content.decode() and ">Ж</text>" in favicon.content.decode()
    icons = json.loads(client.get("/manifest.webmanifest", HTTP_HOST=site.hostname).content)["icons"]
    assert icons == [{"src": "/favicon.ico", "sizes": "any", "type": "image/svg+xml"}]


def test_pages_link_the_favicon_and_the_manifest(client):
    page = parse_html(client.get("/", HTTP_HOST=DEMO_HOSTS["inback"]))
    assert page.select_one("link[rel=icon]")["href"] == "/favicon.ico"
    assert page.select_one("link[rel=manifest]")["href"] == "/manifest.webmanifest"


@pytest.mark.parametrize("key", BRANDS)
def test_the_500_page_carries_the_brand(rf, key):
    brand = BrandSettings.for_site(Site.objects.get(hostname=DEMO_HOSTS[key]))
    response = server_error(rf.get("/", HTTP_HOST=DEMO_HOSTS[key]))
    assert response.status_code == 500
    page = parse_html(response)
    assert page.select_one(".brand-name").get_text(strip=True) == brand.name
    assert page.title.get_text() == f"Ошибка на сервере — {brand.name}"
    assert f"--brand: {brand.primary_color}" in page.select_one("style").get_text()
