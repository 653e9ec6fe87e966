"""Anonymous readers get pages a shared cache can store: no cookie, no session, no `Vary: Cookie`, a
Cache-Control per page kind; logged-in visitors get private ones; publishing purges the shared cache."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPostPage
from catalog.models import (
    ApartmentPage,
    BusinessPage,
    CarAdPage,
    CarIndexPage,
    EventPage,
    RealtyIndexPage,
    RentalIndexPage,
    RentalPropertyPage,
    ResidentialComplexPage,
)
from tests.accounts.factories import UserFactory
from tests.fakes.http import FakeService
from tests.utils import parse_html

pytestmark = pytest.mark.django_db


def first(model, host):
    root = Site.objects.get(hostname=host).root_page
    return model.objects.live().descendant_of(root).order_by("path").first()


def path_of(page):
    return urlsplit(page.get_url()).path


def page_kinds():
    """(name, host, path) of every kind of public page, and the sitemap."""
    inback, cars, club, rentals = "inback.localhost", "avtofamily.localhost", "svoykrug.localhost", "zhilego.localhost"
    realty = first(RealtyIndexPage, inback)
    return [
        ("home", inback, "/"),
        ("home, English", inback, "/en/"),
        ("blog", inback, path_of(first(BlogIndexPage, inback))),
        ("blog post", inback, path_of(first(BlogPostPage, inback))),
        ("complexes", inback, path_of(realty) + "?city=moskva"),
        ("apartments", inback, path_of(realty) + "apartments/?rooms=2"),
        ("complex", inback, path_of(first(ResidentialComplexPage, inback))),
        ("apartment", inback, path_of(first(ApartmentPage, inback))),
        ("cars", cars, path_of(first(CarIndexPage, cars)) + "?sort=price"),
        ("car ad", cars, path_of(first(CarAdPage, cars))),
        ("rentals", rentals, path_of(first(RentalIndexPage, rentals)) + "?check_in=2031-03-02&check_out=2031-03-05"),
        ("rental", rentals, path_of(first(RentalPropertyPage, rentals))),
        ("partner", club, path_of(first(BusinessPage, club))),
        ("event", club, path_of(first(EventPage, club))),
        ("sitemap", inback, "/sitemap.xml"),
        ("sitemap section", inback, "/sitemap-catalog-apartmentpage.xml"),
        ("robots.txt", inback, "/robots.txt"),
    ]


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_an_anonymous_get_of_every_page_kind_is_cacheable_by_a_shared_cache():
    sessions = Session.objects.count() if settings.SESSION_ENGINE.endswith(".db") else None
    for name, host, path in page_kinds():
        response = Client().get(path, HTTP_HOST=host)
        assert response.status_code == 200, name
        assert not response.cookies, f"{name} sets {list(response.cookies)}"
        assert "public" in cache_control(response), (name, response.get("Cache-Control"))
        assert any(part.startswith("s-maxage=") for part in cache_control(response)), name
        assert "cookie" not in vary(response), (name, response.get("Vary"))
        assert "accept-language" not in vary(response), (name, response.get("Vary"))
    if sessions is not None:
        assert Session.objects.count() == sessions


def test_lists_are_kept_shorter_than_detail_pages(settings):
    settings.PAGE_CACHE_CONTROL = {
        "default": {"max_age": 0, "s_maxage": 3600},
        "index": {"max_age": 0, "s_maxage": 120},
        "sitemap": {"max_age": 60, "s_maxage": 600},
    }
    kinds = {name: (host, path) for name, host, path in page_kinds()}
    expected = {"cars": "s-maxage=120", "blog": "s-maxage=120", "car ad": "s-maxage=3600", "sitemap": "s-maxage=600"}
    for name, directive in expected.items():
        host, path = kinds[name]
        assert directive in cache_control(Client().get(path, HTTP_HOST=host)), name


def test_a_logged_in_get_is_private():
    client = Client()
    client.force_login(UserFactory())
    for name, host, path in page_kinds():
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, name
        assert {"private", "no-cache"} <= cache_control(response), (name, response.get("Cache-Control"))
        assert "public" not in cache_control(response), name


def test_a_guest_with_favorites_gets_private_pages_showing_them():
    client = Client()
    car = first(CarAdPage, "avtofamily.localhost")
    response = client.post(reverse("favorite_toggle", args=[car.pk]), {"next": "/"}, HTTP_HOST="avtofamily.localhost")
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in client.cookies
    response = client.get(path_of(car), HTTP_HOST="avtofamily.localhost")
    assert "private" in cache_control(response)
    assert parse_html(response).select_one(".favorite-button.is-saved")


def test_a_detail_view_creates_no_session_for_a_new_visitor_but_keeps_an_existing_ones_history():
    client = Client()
    cars = [first(CarAdPage, "avtofamily.localhost"), CarAdPage.objects.live().order_by("-pk").first()]
    response = client.get(path_of(cars[0]), HTTP_HOST="avtofamily.localhost")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # A guest who saved a favorite has a session: their history is kept there, as before.
    client.post(reverse("favorite_toggle", args=[cars[1].pk]), {"next": "/"}, HTTP_HOST="avtofamily.localhost")
    client.get(path_of(cars[0]), HTTP_HOST="avtofamily.localhost")
    favorites = client.get(reverse("favorites"), HTTP_HOST="avtofamily.localhost")
    assert [page.pk for page in favorites.context["recent_pages"]] == [cars[0].pk]


def test_forms_on_a_cacheable_page_fetch_their_csrf_token_when_used():
    client = Client(enforce_csrf_checks=True)
    car = first(CarAdPage, "avtofamily.localhost")
    page = client.get(path_of(car), HTTP_HOST="avtofamily.localhost")
    soup = parse_html(page)
    pending = soup.select("form.favorite-form input[name=csrfmiddlewaretoken]")
    assert pending and all(field["value"] == "" and field.has_attr("data-csrf-pending") for field in pending)
    assert soup.body["data-csrf-url"] == "/csrf/"
    assert not soup.body.has_attr("hx-headers")
    # What site.js does on the first submit: fetch the token (the cookie comes with it), then send the form.
    token = client.get("/csrf/", HTTP_HOST="avtofamily.localhost")
    assert "no-cache" in cache_control(token) or "max-age=0" in cache_control(token)
    assert settings.CSRF_COOKIE_NAME in token.cookies
    response = client.post(
        reverse("favorite_toggle", args=[car.pk]),
        {"next": "/"},
        HTTP_HOST="avtofamily.localhost",
        HTTP_X_CSRFTOKEN=json.loads(token.content)["token"],
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "is-saved" in response.content.decode()
    # With the cookie, the next page carries the token itself (and is the visitor's own).
    again = client.get(path_of(car), HTTP_HOST="avtofamily.localhost")
    assert parse_html(again).select_one("form.favorite-form input[name=csrfmiddlewaretoken]")["value"]
    assert "private" in cache_control(again)


def test_a_form_sent_without_its_token_gets_a_page_to_send_it_again():
    client = Client(enforce_csrf_checks=True)
    car = first(CarAdPage, "avtofamily.localhost")
    response = client.post(
        reverse("favorite_toggle", args=[car.pk]),
        {"next": "/"},
        HTTP_HOST="avtofamily.localhost",
        HTTP_REFERER=f"http://avtofamily.localhost{path_of(car)}",
    )
    assert response.status_code == 403
    assert "Отправьте форму ещё раз" in response.content.decode()
    assert parse_html(response).select_one(f'a.button[href="http://avtofamily.localhost{path_of(car)}"]')
    assert settings.CSRF_COOKIE_NAME in response.cookies


@pytest.fixture
def purge_server(settings):
    with FakeService(lambda request: (200, {})) as service:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": service.url}
        }
        yield service


def purged(service):
    return {(request.method, request.headers["Host"], request.path) for request in service.requests}


def test_publishing_a_listing_purges_it_its_list_and_its_home(purge_server, django_capture_on_commit_callbacks):
    car = first(CarAdPage, "avtofamily.localhost")
    car.title = "Новое название"
    with django_capture_on_commit_callbacks(execute=True):
        car.save_revision().publish()
    index = car.get_parent()
    assert {
        ("PURGE", "avtofamily.localhost", path_of(car)),
        ("PURGE", "avtofamily.localhost", path_of(index)),
        ("PURGE", "avtofamily.localhost", "/"),
    } <= purged(purge_server)


def test_unpublishing_purges_the_page_and_its_list(purge_server, django_capture_on_commit_callbacks):
    post = first(BlogPostPage, "inback.localhost")
    path = path_of(post)
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert {
        ("PURGE", "inback.localhost", path),
        ("PURGE", "inback.localhost", path_of(Page.objects.get(pk=post.get_parent().pk))),
    } <= purged(purge_server)


def test_no_purge_is_sent_without_a_frontend_cache(settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    post = first(BlogPostPage, "inback.localhost")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post.save_revision().publish()
    assert not [callback for callback in callbacks if getattr(callback, "__name__", "") == "purge"]
