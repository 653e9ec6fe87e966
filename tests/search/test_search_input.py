"""Search takes any query string without a server error."""

import pytest
from wagtail.models import Page, Site

from home.models import HomePage


@pytest.fixture
def site(db):
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Поиск", slug="search-input"))
    return Site.objects.create(hostname="search-input.localhost", root_page=home, site_name="Поиск")


@pytest.mark.parametrize("query", ["%00", "a%00b", "%00%00%00", "%FF%FE", "'\";--", '"', 'a"b', "%u0000"])
def test_odd_queries_are_answered_not_crashed(client, site, query):
    response = client.get(f"/search/?q={query}", HTTP_HOST=site.hostname)
    assert response.status_code == 200
