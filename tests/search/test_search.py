"""Site search: the current site's live pages only, plain answers to empty and unmatched queries."""

import pytest

from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.home.factories import brand_home
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db
HOST = "realty.localhost"
OTHER_HOST = "cars.localhost"


@pytest.fixture
def sites():
    """Two brand sites whose blogs both write about mortgages."""
    for host, brand in [(HOST, "Новостройки"), (OTHER_HOST, "Автосалон")]:
        blog = BlogIndexPageFactory(parent=brand_home(host, brand))
        BlogPostPageFactory(parent=blog, title=f"Ипотека: что нужно знать ({brand})", intro="Про ипотеку и ставки.")
        BlogPostPageFactory(parent=blog, title=f"Новости {brand}", intro="Про другое.")


def result_titles(response):
    return [a.get_text(strip=True) for a in parse_html(response).select(".search-results h2 a")]


def test_search_finds_pages_of_the_current_site_only(client, sites):
    own = client.get("/search/", {"q": "ипотека"}, HTTP_HOST=HOST)
    assert own.status_code == 200
    assert result_titles(own)
    assert "Ипотека: что нужно знать (Новостройки)" in result_titles(own)
    hrefs = [a["href"] for a in parse_html(own).select(".search-results h2 a")]
    assert all(href.startswith("/") for href in hrefs)  # links stay on this site

    other = client.get("/search/", {"q": "ипотека"}, HTTP_HOST=OTHER_HOST)
    assert result_titles(other) == ["Ипотека: что нужно знать (Автосалон)"]
    assert not set(result_titles(other)) & set(result_titles(own))


def test_empty_and_unmatched_queries_say_so(client, sites):
    empty = client.get("/search/", HTTP_HOST=HOST)
    assert empty.status_code == 200 and not result_titles(empty)
    nothing = client.get("/search/", {"q": "zzzqqqxxx"}, HTTP_HOST=HOST)
    assert "ничего не найдено" in visible_text(nothing)


def test_very_long_query_is_trimmed_not_rejected(client, sites):
    response = client.get("/search/", {"q": "ипотека " * 100}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert len(parse_html(response).find("input", id="search-page-q")["value"]) <= 200
