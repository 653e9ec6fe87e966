import pytest

from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [a.get_text(strip=True) for a in parse_html(response).select(".search-results h2 a")]


def test_search_finds_pages_of_the_current_site_only(client):
    inback = client.get("/search/", {"q": "ипотека"}, HTTP_HOST="inback.localhost")
    assert inback.status_code == 200
    assert result_titles(inback)
    hrefs = [a["href"] for a in parse_html(inback).select(".search-results h2 a")]
    assert all(href.startswith("/") for href in hrefs)  # links stay on this site

    avto = client.get("/search/", {"q": "ипотека"}, HTTP_HOST="avtofamily.localhost")
    assert not set(result_titles(avto)) & set(result_titles(inback))


def test_empty_and_unmatched_queries_say_so(client):
    empty = client.get("/search/", HTTP_HOST="inback.localhost")
    assert empty.status_code == 200 and not result_titles(empty)
    nothing = client.get("/search/", {"q": "zzzqqqxxx"}, HTTP_HOST="inback.localhost")
    assert "ничего не найдено" in visible_text(nothing)


def test_very_long_query_is_trimmed_not_rejected(client):
    response = client.get("/search/", {"q": "ипотека " * 100}, HTTP_HOST="inback.localhost")
    assert response.status_code == 200
    assert len(parse_html(response).find("input", id="search-page-q")["value"]) <= 200
