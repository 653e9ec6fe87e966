"""Every index page and brand home an anonymous reader opens makes at most 12 SQL queries, and as many with more
listings.

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
    # the brand homes: search, listings, numbers and posts (home/blocks.py)
    "InBack home": ("inback.localhost", "/"),
    "Avtofamily home": ("avtofamily.localhost", "/"),
    "«Свой Круг» home": ("svoykrug.localhost", "/"),
    "ЖильеGO home": ("zhilego.localhost", "/"),
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


# -- the «Жилой комплекс» select of the apartments list ------------------------------------------------------------


def complex_options(client):
    from tests.utils import parse_html

    response = client.get("/novostroyki/apartments/", HTTP_HOST="inback.localhost")
    select = parse_html(response).select_one("select[name=complex]")
    return {option["value"]: option.get_text() for option in select.select("option")}, select


def test_the_complex_select_lists_the_live_complexes_and_follows_publishing(client):
    from catalog.models import RealtyIndexPage, ResidentialComplexPage
    from tests.catalog.factories import ResidentialComplexPageFactory

    index = RealtyIndexPage.objects.descendant_of(home("inback.localhost")).get()
    options, select = complex_options(client)
    live = ResidentialComplexPage.objects.live().child_of(index)
    assert options == {"": "Все комплексы", **{str(page.pk): page.title for page in live}}
    assert select["id"] == "id_complex"
    new = ResidentialComplexPageFactory(parent=index, title="Квартал <Новый> & светлый")
    options, _select = complex_options(client)
    assert options[str(new.pk)] == "Квартал <Новый> & светлый"  # escaped in the HTML, the text intact
    new.unpublish()
    assert str(new.pk) not in complex_options(client)[0]


def test_the_chosen_complex_stays_selected(client):
    from catalog.models import ResidentialComplexPage
    from tests.utils import parse_html

    chosen = ResidentialComplexPage.objects.live().order_by("pk").first()
    response = client.get(f"/novostroyki/apartments/?complex={chosen.pk}", HTTP_HOST="inback.localhost")
    selected = parse_html(response).select("select[name=complex] option[selected]")
    assert [option["value"] for option in selected] == [str(chosen.pk)]
    assert {apartment.complex_id for apartment in response.context["listings"]} == {chosen.pk}
