"""Every kind of page of every demo brand names the brand once in its <title> («InBack», not «InBack — InBack»)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from catalog.models import RealtyIndexPage
from home.models import BrandSettings
from tests.conftest import DEMO_HOSTS
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
BRANDS = [key for key in DEMO_HOSTS if key != "portal"]


def title_of(client, url, host):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code in (200, 404), url
    return parse_html(response).title.get_text(strip=True)


@pytest.mark.parametrize("key", BRANDS)
def test_each_page_kind_names_the_brand_once(client, key):
    site = Site.objects.get(hostname=DEMO_HOSTS[key])
    brand = BrandSettings.for_site(site).name
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).live().public().order_by("path")
    first_of_kind = {}
    for page in pages:
        first_of_kind.setdefault(page.content_type_id, page)
    assert len(first_of_kind) >= 4
    titles = {
        ContentType.objects.get_for_id(kind).model: title_of(client, page.relative_url(site), site.hostname)
        for kind, page in first_of_kind.items()
    }
    titles["404"] = title_of(client, "/no-such-page/", site.hostname)
    assert {kind: title.count(brand) for kind, title in titles.items()} == dict.fromkeys(titles, 1), titles
    assert titles["homepage"] == brand


def test_the_comparison_page_is_titled_with_its_catalog_and_the_brand(client):
    site = Site.objects.get(hostname=DEMO_HOSTS["inback"])
    index = RealtyIndexPage.objects.descendant_of(site.root_page).live().first()
    title = title_of(client, index.relative_url(site) + "compare/", site.hostname)
    assert title == f"Сравнение квартир — {index.title} — InBack"
