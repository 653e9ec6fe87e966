"""A brand's home page opens on its business (home/blocks.py): the catalog's search form, featured listings, the
numbers counted from the catalog, the story and the blog; in a bounded number of queries."""

import json
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.catalog.factories import (
    CarAdPageFactory,
    CarIndexPageFactory,
    RentalIndexPageFactory,
    RentalPropertyPageFactory,
)
from tests.home.factories import StandardPageFactory, brand_home

pytestmark = pytest.mark.django_db
HOST = "home-blocks.localhost"
MAX_QUERIES = 12


def block(block_type, **value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def set_blocks(home, *stream):
    home.sections = json.dumps(list(stream))
    home.save_revision().publish()
    return HomePage.objects.get(pk=home.pk)


def get(path="/"):
    response = Client().get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def rentals_home():
    """A rentals brand: five properties (the cheapest 15 000 ₸), a blog with two posts, an «about» page."""
    home = brand_home(HOST, "Аренда для проверки")
    index = RentalIndexPageFactory(parent=home, title="Квартиры посуточно")
    for number in range(5):
        RentalPropertyPageFactory(
            parent=index, title=f"Квартира номер {number}", price_per_night=Decimal(15000 + number * 1000)
        )
    blog = BlogIndexPageFactory(parent=home)
    BlogPostPageFactory.create_batch(2, parent=blog)
    about = StandardPageFactory(parent=home, title="О компании", slug="about")
    return home, index, about


def test_the_home_opens_on_the_catalogs_search_its_listings_numbers_story_and_blog(rentals_home):
    home, index, about = rentals_home
    set_blocks(
        home,
        block("hero", catalog="rentals", heading="Жильё посуточно", text="", image=None, layout="band", button_text=""),
        block("featured", heading="Новые варианты", catalog="rentals", picks=[], count=3, layout="grid", link_text=""),
        block(
            "numbers",
            heading="",
            layout="band",
            items=[
                {"metric": "rentals.properties", "value": "", "label": ""},
                {"metric": "rentals.price_from", "value": "", "label": ""},
                {"metric": "custom", "value": "24/7", "label": "поддержка гостей"},
            ],
        ),
        block(
            "story",
            heading="О нас",
            text="<p>Мы сдаём квартиры с 2015 года.</p>",
            image=None,
            image_position="right",
            link=about.pk,
            link_text="",
        ),
        block("latest_posts", heading="", count=3),
    )
    html = get()
    # the hero: the list page's own filter form, sent to the list page, with the stay's date pickers
    assert "Жильё посуточно" in html
    assert f'action="/{index.slug}/"' in html
    assert 'type="date" name="check_in"' in html and 'type="date" name="check_out"' in html
    # the three newest of five listings, newest first, and a link to all of them
    assert html.count("rental-card") == 3
    assert html.index("Квартира номер 4") < html.index("Квартира номер 3") < html.index("Квартира номер 2")
    assert "Квартира номер 1" not in html
    # the numbers are counted from the catalog
    assert '<span class="home-number">5</span>' in html
    assert "15\xa0000\xa0₸" in html and "24/7" in html and "поддержка гостей" in html
    assert "Мы сдаём квартиры с 2015 года." in html and 'href="/about/"' in html
    assert html.count("post-card") == 2


def test_editor_picks_come_in_their_order(rentals_home):
    home, index, _about = rentals_home
    first, _second, third = index.get_children().order_by("path")[:3]
    picks = [third.pk, first.pk]
    set_blocks(
        home,
        block(
            "featured", heading="Выбор редакции", catalog="rentals", picks=picks, count=4, layout="row", link_text=""
        ),
    )
    html = get()
    assert html.count("rental-card") == 2
    assert html.index(third.title) < html.index(first.title)


def test_a_cars_home_searches_the_car_catalog():
    home = brand_home(HOST, "Автосалон для проверки")
    index = CarIndexPageFactory(parent=home, slug="cars")
    CarAdPageFactory.create_batch(2, parent=index)
    set_blocks(
        home,
        block("hero", catalog="cars", heading="", text="", image=None, layout="cover", button_text="Показать"),
        block("featured", heading="Свежие объявления", catalog="cars", picks=[], count=4, layout="lead", link_text=""),
        block("numbers", heading="", layout="cards", items=[{"metric": "cars.ads", "value": "", "label": ""}]),
    )
    html = get()
    assert 'action="/cars/"' in html and 'name="make"' in html and 'name="body_type"' in html
    assert html.count("car-card") == 2
    assert "автомобилей в продаже" in html


def count_queries(path="/", *, cold=False):
    """The queries of a visit; `cold`: with nothing cached (the blocks' listings, the site, the renditions)."""
    if cold:
        cache.clear()
    else:
        Client().get(path, HTTP_HOST=HOST)  # warm the caches (site root paths, filter options, menus, the blocks)
    with CaptureQueriesContext(connection) as queries:
        Client().get(path, HTTP_HOST=HOST)
    return len(queries)


def test_the_home_makes_at_most_12_queries_whatever_the_number_of_listings(rentals_home):
    home, index, about = rentals_home
    set_blocks(
        home,
        block("hero", catalog="rentals", heading="", text="", image=None, layout="split", button_text=""),
        block("featured", heading="Новые", catalog="rentals", picks=[], count=8, layout="grid", link_text=""),
        block("numbers", heading="", layout="band", items=[{"metric": "rentals.properties", "value": "", "label": ""}]),
        block("story", heading="", text="<p>Текст</p>", image=None, image_position="left", link=about.pk, link_text=""),
        block("latest_posts", heading="", count=3),
    )
    get()  # make the renditions of the posts' covers
    few_cold, few = count_queries(cold=True), count_queries()
    for number in range(12):
        RentalPropertyPageFactory(parent=index, title=f"Ещё квартира {number}")
    get()
    many_cold, many = count_queries(cold=True), count_queries()
    assert (many_cold, many) == (few_cold, few)  # the cards come in bulk: no query per listing
    assert many <= MAX_QUERIES


def test_publishing_a_listing_shows_it_on_the_home_at_once(rentals_home):
    home, index, _about = rentals_home
    set_blocks(
        home, block("featured", heading="Новые", catalog="rentals", picks=[], count=2, layout="grid", link_text="")
    )
    assert "Квартира номер 4" in get()  # the listings are now cached
    RentalPropertyPageFactory(parent=index, title="Только что опубликована").save_revision().publish()
    assert "Только что опубликована" in get()
