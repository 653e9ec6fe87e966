"""Hearts, the favorites page and recently viewed, for guests and users; guest data survives login."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Favorite, RecentView
from catalog.models import ListingPage
from tests.factories import SiteFactory, rental_on
from tests.utils import parse_html

pytestmark = pytest.mark.django_db
HOST = "favorites.localhost"


@pytest.fixture(autouse=True)
def site(db):
    return SiteFactory(hostname=HOST)


@pytest.fixture
def listings(site):
    """Three live listing pages of the site."""
    pages = [rental_on(site) for _ in range(3)]
    assert all(isinstance(page, ListingPage) for page in pages)
    return pages


def favorite_titles(client):
    soup = parse_html(client.get("/favorites/", HTTP_HOST=HOST))
    return {title.get_text(strip=True) for title in soup.select("#favorite-list .card-title")}


def toggle(client, page, **extra):
    return client.post(f"/favorites/{page.pk}/toggle/", {"next": page.url}, HTTP_HOST=HOST, **extra)


def test_guest_hearts_a_listing_and_sees_it_on_the_favorites_page(client, listings):
    first, second, _third = listings
    assert toggle(client, first).status_code == 302
    toggle(client, second)
    assert favorite_titles(client) == {first.title, second.title}
    detail = parse_html(client.get(first.url, HTTP_HOST=HOST))
    assert detail.select_one(".favorite-button")["aria-pressed"] == "true"
    toggle(client, first)  # second press removes it
    assert favorite_titles(client) == {second.title}
    recent = parse_html(client.get("/favorites/", HTTP_HOST=HOST)).select("#recent-list .card-title")
    assert [title.get_text(strip=True) for title in recent] == [first.title]


def test_htmx_toggle_returns_the_button_only(client, listings):
    response = toggle(client, listings[0], HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    soup = parse_html(response)
    assert soup.select_one("button")["aria-pressed"] == "true"
    assert not soup.find("header")


def test_guest_favorites_and_history_move_into_the_account_on_login(client, listings):
    first, second, third = listings
    toggle(client, first)
    client.get(second.url, HTTP_HOST=HOST)
    client.get(third.url, HTTP_HOST=HOST)
    user = get_user_model().objects.create_user(email="guest@example.com", password="pw-long-enough-1")
    client.force_login(user)
    assert list(Favorite.objects.filter(user=user).values_list("page_id", flat=True)) == [first.pk]
    recent = list(RecentView.objects.filter(user=user).values_list("page_id", flat=True))
    assert recent[:2] == [third.pk, second.pk]
    assert favorite_titles(client) == {first.title}
    # hearts now come from the database
    toggle(client, second)
    assert Favorite.objects.filter(user=user).count() == 2


def test_only_live_listing_pages_can_be_favorited(client, site):
    assert client.post(f"/favorites/{site.root_page_id}/toggle/", HTTP_HOST=HOST).status_code == 404
    assert client.post("/favorites/999999/toggle/", HTTP_HOST=HOST).status_code == 404
    assert client.get(f"/favorites/{site.root_page_id}/toggle/", HTTP_HOST=HOST).status_code == 405


def test_unsafe_next_url_is_ignored(client, listings):
    response = client.post(
        f"/favorites/{listings[0].pk}/toggle/", {"next": "https://evil.example.com/"}, HTTP_HOST=HOST
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_favorites_page_query_count_does_not_grow(client, listings, django_assert_max_num_queries):
    for page in listings:
        toggle(client, page)
    client.get("/favorites/", HTTP_HOST=HOST)
    with django_assert_max_num_queries(20):
        client.get("/favorites/", HTTP_HOST=HOST)
