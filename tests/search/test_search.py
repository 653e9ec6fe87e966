"""Site search: the current site's live pages only, as cards with their kind, in both scripts, with facets by kind
and city, the search box's suggestions, promoted results, and the query log editors read."""

import pytest
import wagtail_factories
from django.contrib.auth.models import Group, Permission
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import GroupPagePermission

from catalog.models import CarMake, CarModel
from search.models import SearchQueryDay
from tests.accounts.factories import UserFactory, staff
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.catalog.factories import (
    CarAdPageFactory,
    CarIndexPageFactory,
    RentalIndexPageFactory,
    RentalPropertyPageFactory,
    city,
)
from tests.factories import CityFactory
from tests.home.factories import brand_home
from tests.utils import parse_html, visible_text

pytestmark = pytest.mark.django_db
HOST = "realty.localhost"
OTHER_HOST = "cars.localhost"
RENT_HOST = "rent.localhost"


@pytest.fixture
def sites():
    """Two brand sites whose blogs both write about mortgages."""
    homes = {}
    for host, brand in [(HOST, "Новостройки"), (OTHER_HOST, "Автосалон")]:
        homes[host] = home = brand_home(host, brand)
        blog = BlogIndexPageFactory(parent=home)
        BlogPostPageFactory(parent=blog, title=f"Ипотека: что нужно знать ({brand})", intro="Про ипотеку и ставки.")
        BlogPostPageFactory(parent=blog, title=f"Новости {brand}", intro="Про другое.")
    return homes


@pytest.fixture
def cars(sites):
    """Three Camrys in two cities and a Kia on the car site, and a blog post about the Camry."""
    catalog = CarIndexPageFactory(parent=sites[OTHER_HOST])
    kazan = CityFactory(name="Казань", slug="kazan")
    photo = wagtail_factories.ImageFactory()
    camry = {"make": ref_of(CarMake, "toyota"), "model": CarModel.objects.get(make__slug="toyota", slug="camry")}
    made = [
        CarAdPageFactory(
            parent=catalog, title="Toyota Camry 2.5 AT, 2021", year=2021, main_image=photo, price=3_150_000, **camry
        ),
        CarAdPageFactory(parent=catalog, title="Toyota Camry 2.0 AT, 2019", year=2019, **camry),
        CarAdPageFactory(parent=catalog, title="Toyota Camry 3.5 AT, 2022", year=2022, city=kazan, **camry),
        CarAdPageFactory(parent=catalog, title="Kia Rio 1.6 AT, 2020"),
    ]  # fmt: skip
    blog = sites[OTHER_HOST].get_children().type(BlogIndexPageFactory._meta.model).first()
    BlogPostPageFactory(parent=blog, title="Camry или Optima: что выбрать", intro="Сравниваем седаны.")
    return made


def ref_of(model, slug):
    return model.objects.get(slug=slug)


def card_titles(response):
    return [h.get_text(strip=True) for h in parse_html(response).select("#search-results .card-title")]


def search(client, query, host=OTHER_HOST, **params):
    response = client.get("/search/", {"q": query, **params}, HTTP_HOST=host)
    assert response.status_code == 200
    return response


def test_search_finds_pages_of_the_current_site_only(client, sites):
    own = search(client, "ипотека", HOST)
    assert "Ипотека: что нужно знать (Новостройки)" in card_titles(own)
    hrefs = [a["href"] for a in parse_html(own).select("#search-results a.card-link")]
    assert hrefs and all(href.startswith("/") for href in hrefs)  # links stay on this site

    other = search(client, "ипотека", OTHER_HOST)
    assert card_titles(other) == ["Ипотека: что нужно знать (Автосалон)"]


def test_empty_and_unmatched_queries_say_so(client, sites):
    empty = client.get("/search/", HTTP_HOST=HOST)
    assert empty.status_code == 200 and not card_titles(empty)
    nothing = search(client, "zzzqqqxxx", HOST)
    assert "ничего не найдено" in visible_text(nothing)


def test_very_long_query_is_trimmed_not_rejected(client, sites):
    response = search(client, "ипотека " * 100, HOST)
    assert len(parse_html(response).find("input", id="search-page-q")["value"]) <= 200


def test_results_are_cards_with_photo_price_and_kind(client, cars):
    page = parse_html(search(client, "Camry"))
    hits = {
        hit.select_one(".card-title").get_text(strip=True): hit for hit in page.select("#search-results .search-hit")
    }
    first = hits["Toyota Camry, 2021"]
    assert first.select_one(".search-kind").get_text(strip=True) == "Автомобили"
    assert hits["Camry или Optima: что выбрать"].select_one(".search-kind").get_text(strip=True) == "Статьи"
    assert first.select_one("img.card-image")["src"]
    assert "3 150 000 ₽" in first.select_one(".car-price").get_text().replace("\xa0", " ")


def test_a_query_in_the_other_script_finds_the_page(client, cars):
    # Cyrillic → Latin: «Тойота» finds the Toyotas (every backend; «Камри» → Camry needs PostgreSQL's trigrams)
    assert sorted(card_titles(search(client, "Тойота"))) == sorted(
        ["Toyota Camry, 2021", "Toyota Camry, 2019", "Toyota Camry, 2022"]
    )


def test_a_latin_query_finds_a_cyrillic_title(client, db):
    catalog = RentalIndexPageFactory(parent=brand_home(RENT_HOST, "Аренда"))
    RentalPropertyPageFactory(parent=catalog, title="Студия на Достык, 5")
    RentalPropertyPageFactory(parent=catalog, title="Квартира у Байтерека")
    assert card_titles(search(client, "Dostyk", RENT_HOST)) == ["Студия на Достык, 5"]


def test_facets_count_kinds_and_cities_and_keep_the_query(client, cars):
    page = parse_html(search(client, "Camry"))
    kinds = {a.contents[0].strip(): a.select_one(".facet-count").get_text() for a in page.select("#facet-type a")}
    assert kinds == {"Автомобили": "3", "Статьи": "1"}
    cities = {a.contents[0].strip(): a.select_one(".facet-count").get_text() for a in page.select("#facet-city a")}
    assert cities == {city().name: "2", "Казань": "1"}
    kazan_link = next(a["href"] for a in page.select("#facet-city a") if "Казань" in a.get_text())
    assert "q=Camry" in kazan_link and "city=kazan" in kazan_link

    in_kazan = search(client, "Camry", city="kazan")
    assert card_titles(in_kazan) == ["Toyota Camry, 2022"]
    selected = parse_html(in_kazan).select("#facet-city a[aria-current]")
    assert [a.contents[0].strip() for a in selected] == ["Казань"]

    articles = search(client, "Camry", type="articles")
    assert card_titles(articles) == ["Camry или Optima: что выбрать"]


def test_the_search_page_does_not_grow_sql_with_the_results(client, cars, django_assert_max_num_queries):
    search(client, "Camry")  # warm the caches (site root paths, content types)
    with django_assert_max_num_queries(40) as few:
        search(client, "Camry")
    few_queries = len(few.captured_queries)  # now: the connection keeps only the last 9 000 queries
    catalog = cars[0].get_parent()
    more_cities = [CityFactory() for _ in range(3)]
    for number in range(12):
        CarAdPageFactory(
            parent=catalog, title=f"Toyota Camry, {2000 + number}", main_image=wagtail_factories.ImageFactory(),
            city=more_cities[number % 3],
        )  # fmt: skip
    search(client, "Camry")  # the new photos' renditions are made once
    with django_assert_max_num_queries(few_queries):
        response = search(client, "Camry")
    assert len(card_titles(response)) == 12  # a full page of cards


def test_suggestions_as_the_visitor_types(client, cars):
    def suggestions(query, host=OTHER_HOST):
        response = client.get("/search/suggest/", {"q": query}, HTTP_HOST=host)
        assert response.status_code == 200
        return [span.get_text(strip=True) for span in parse_html(response).select(".suggest-title")]

    assert "Toyota Camry 2.5 AT, 2021" in suggestions("Toyo")
    assert "Toyota Camry 2.5 AT, 2021" in suggestions("Тойо")  # the other script
    assert len(suggestions("Toyo")) <= 8
    assert suggestions("Toyo", HOST) == []  # another site's pages
    assert suggestions("T") == []  # too short to suggest
    page = parse_html(client.get("/search/", HTTP_HOST=OTHER_HOST))
    assert page.find("input", id="search-page-q")["hx-get"] == "/search/suggest/"


def test_promoted_results_come_first_on_their_own_site(client, cars, sites):
    kia = cars[3]
    query = Query.get("седан")
    SearchPromotion.objects.create(query=query, page=kia, sort_order=0, description="Лучшее предложение")
    other_site_post = sites[HOST].get_descendants().live().filter(title__startswith="Новости").first()
    SearchPromotion.objects.create(query=query, page=other_site_post, sort_order=1)

    page = parse_html(search(client, "Седан"))
    promoted = [h.get_text(strip=True) for h in page.select(".search-promoted .card-title")]
    assert promoted == ["Kia Rio, 2020"]
    assert "Kia Rio, 2020" not in card_titles(search(client, "Седан"))  # not twice
    # the other promotion is the other site's: shown there only
    other = parse_html(search(client, "Седан", HOST))
    assert [h.get_text(strip=True) for h in other.select(".search-promoted .card-title")] == ["Новости Новостройки"]


def test_every_search_is_logged_and_queries_without_results_are_reported(client, cars):
    search(client, "Camry")
    search(client, "Camry", page=2)  # the same search, a further page: not counted again
    search(client, "Мазерати")
    search(client, "мазерати ")
    assert Query.get("camry").hits == 1
    rows = {row.query_string: (row.searches, row.results) for row in SearchQueryDay.objects.all()}
    assert rows == {"camry": (1, 4), "мазерати": (2, 0)}

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    report = client.get("/admin/search-queries/")
    assert report.status_code == 200
    zero = [td.get_text(strip=True) for td in parse_html(report).select("#zero-results td:first-child")]
    assert zero == ["мазерати"]


def test_the_report_shows_the_sites_a_user_publishes_on(client, cars, sites):
    SearchQueryDay.record(cars[0].get_site(), "мазерати", 0)
    SearchQueryDay.record(sites[HOST].get_site(), "пентхаус", 0)
    group = Group.objects.create(name="Редактор автосайта")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=sites[OTHER_HOST], permission=Permission.objects.get(codename="publish_page")
    )
    editor = UserFactory()
    editor.groups.add(group)
    client.force_login(editor)
    report = parse_html(client.get("/admin/search-queries/"))
    assert [td.get_text(strip=True) for td in report.select("#zero-results td:first-child")] == ["мазерати"]

    client.force_login(staff("manager"))  # publishes no site's pages
    refused = client.get("/admin/search-queries/")
    assert refused.status_code == 302 and "мазерати" not in refused.content.decode()  # Wagtail's «no permission»
