"""A form's `next` that is not a path of this site (a bare word, a number, another host) sends the visitor to the
page's own place instead of answering 500 or leaving the site (issue 12: NoReverseMatch on `next=abc`)."""

from urllib.parse import urlsplit

import pytest

from tests.factories import SiteFactory, apartment_on

pytestmark = pytest.mark.django_db

ODD_NEXTS = ["abc", "-1", "2", "9999-12-31", "https://evil.example.com/", "//evil.example.com/", ""]


@pytest.fixture
def apartment():
    return apartment_on(SiteFactory())


def post(client, page, path, next_url):
    site = page.get_site()
    return client.post(path, {"next": next_url, "apartment": page.pk}, HTTP_HOST=site.hostname)


@pytest.mark.parametrize("next_url", ODD_NEXTS)
def test_the_heart_goes_back_to_the_listing(client, apartment, next_url):
    response = post(client, apartment, f"/favorites/{apartment.pk}/toggle/", next_url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == urlsplit(apartment.get_url()).path
    assert "evil" not in response["Location"]


@pytest.mark.parametrize("next_url", ODD_NEXTS)
def test_compare_goes_back_to_the_comparison(client, apartment, next_url):
    index_path = urlsplit(apartment.get_parent().get_parent().get_url()).path
    response = post(client, apartment, index_path + "compare/add/", next_url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == index_path + "compare/"
    assert "evil" not in response["Location"]


def test_a_path_of_this_site_is_kept(client, apartment):
    response = post(client, apartment, f"/favorites/{apartment.pk}/toggle/", "/favorites/")
    assert response["Location"] == "/favorites/"
