"""What the search needs PostgreSQL for: the Russian stemmer of its full-text search, and pg_trgm over the titles'
transliteration skeletons («Камри» → Camry, typos). Run on the PostgreSQL template (DATABASE_URL=postgres://…)."""

import pytest
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connection
from django.db.models import F, Value
from wagtail.models import Page

from catalog.models import CarMake, CarModel
from search import engine
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.home.factories import brand_home
from tests.utils import parse_html

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text stemming and pg_trgm need PostgreSQL"),
]
HOST = "cars.localhost"


@pytest.fixture
def site_pages():
    home = brand_home(HOST, "Автосалон")
    catalog = CarIndexPageFactory(parent=home)
    toyota = CarMake.objects.get(slug="toyota")
    camry = CarModel.objects.get(make=toyota, slug="camry")
    CarAdPageFactory(parent=catalog, title="Toyota Camry 2.5 AT, 2021", make=toyota, model=camry, year=2021)
    CarAdPageFactory(parent=catalog, title="Kia Rio 1.6 AT, 2020")
    blog = BlogIndexPageFactory(parent=home)
    BlogPostPageFactory(parent=blog, title="Ипотека для молодых семей", intro="Ставки и условия.")
    BlogPostPageFactory(parent=blog, title="Choosing family cars", intro="Seven seats and a big boot.")
    return home


def titles(client, query):
    response = client.get("/search/", {"q": query}, HTTP_HOST=HOST)
    assert response.status_code == 200
    return [h.get_text(strip=True) for h in parse_html(response).select("#search-results .card-title")]


def test_an_inflected_russian_word_finds_the_page(client, site_pages):
    assert titles(client, "ипотеку") == ["Ипотека для молодых семей"]
    assert titles(client, "ипотеки молодым") == ["Ипотека для молодых семей"]
    assert titles(client, "family car") == ["Choosing family cars"]  # English stemming of Latin words


def test_a_cyrillic_spelling_finds_the_latin_title(client, site_pages):
    assert titles(client, "Камри") == ["Toyota Camry, 2021"]
    assert titles(client, "тойота камри") == ["Toyota Camry, 2021"]


def test_a_misspelt_word_finds_the_page(client, site_pages):
    assert titles(client, "Тайота") == ["Toyota Camry, 2021"]
    assert titles(client, "Camri") == ["Toyota Camry, 2021"]
    assert titles(client, "ипатека") == ["Ипотека для молодых семей"]


def test_suggestions_match_the_skeleton_of_titles(client, site_pages):
    response = client.get("/search/suggest/", {"q": "Камр"}, HTTP_HOST=HOST)
    assert [span.get_text(strip=True) for span in parse_html(response).select(".suggest-title")] == [
        "Toyota Camry 2.5 AT, 2021"
    ]


def test_the_typo_search_reads_the_trigram_index(site_pages):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show it can use it
        query = Page.objects.order_by().filter(TrigramWordSimilar(engine.Skeleton(F("title")), Value("kamri")))
        plan = query.explain()
    assert "search_page_title_skeleton_trgm" in plan
