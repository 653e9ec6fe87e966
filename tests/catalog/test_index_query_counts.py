"""Every index page an anonymous reader opens makes at most 12 SQL queries, and as many with more listings.

The reader is a new visitor each time (no session, no cookie): the requests a shared cache would forward. The
demo sites are the first size; the verticals' `--scale` seeders and more blog posts make the second."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from blog.models import BlogIndexPage
from demo import cars, realty, rentals
from tests.blog.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12
CHECK_IN = date(2031, 3, 2)  # far ahead and fixed: the search refuses past dates
PAGES = {
    "complexes": ("inback.localhost", "/novostroyki/?city=moskva&rooms=2&sort=price"),
    "apartments": ("inback.localhost", "/novostroyki/apartments/?rooms=2&price_to=30"),
    "apartments of a complex": ("inback.localhost", "/novostroyki/apartments/?complex={complex}"),
    "cars": ("avtofamily.localhost", "/cars/?price_to=3000000&sort=price"),
    "rentals with dates": (
        "zhilego.localhost",
        f"/arenda/?check_in={CHECK_IN}&check_out={CHECK_IN + timedelta(days=3)}&rooms=2&sort=price",
    ),
    "blog": ("inback.localhost", "/blog/"),
}


def home(host):
    return Site.objects.get(hostname=host).root_page.specific


def count_queries(host, path):
    Client().get(path, HTTP_HOST=host)  # warm the shared caches (site root paths, filter options, menus)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    assert response.context.get("result_count", 1) > 0, path  # an empty list would skip the card queries
    return len(queries)


def counts():
    from catalog.models import ResidentialComplexPage

    complex_pk = ResidentialComplexPage.objects.live().order_by("pk").values_list("pk", flat=True).first()
    return {name: count_queries(host, path.format(complex=complex_pk)) for name, (host, path) in PAGES.items()}


def test_index_pages_make_at_most_12_queries_whatever_the_number_of_listings():
    few = counts()
    realty.seed(home("inback.localhost"), scale=30)
    cars.seed(home("avtofamily.localhost"), scale=30)
    rentals.seed(home("zhilego.localhost"), scale=30)
    blog = BlogIndexPage.objects.descendant_of(home("inback.localhost")).get()
    BlogPostPageFactory.create_batch(15, parent=blog)
    many = counts()
    print(json.dumps({"queries": few}, ensure_ascii=False))  # noqa: T201 - shown with -s, for the report
    assert many == few, f"demo: {few}; 30 more listings each: {many}"
    assert max(many.values()) <= MAX_QUERIES, many
