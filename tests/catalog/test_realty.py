"""InBack's new-build catalog: complexes, apartments, шахматка, filters, mortgage, comparison, price history."""

import json
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from catalog import realty_charts
from catalog.models import (
    ApartmentPage,
    ApartmentPriceChange,
    Bank,
    District,
    RealtyIndexPage,
    ResidentialComplexPage,
)
from catalog.realty_mortgage import annuity_payment
from catalog.realty_services import MAX_COMPARE, SESSION_COMPARE
from demo import realty as realty_demo
from home.models import HomePage
from tests import schemaorg
from tests.catalog.factories import ApartmentPageFactory, RealtyIndexPageFactory, ResidentialComplexPageFactory
from tests.home.factories import brand_home
from tests.utils import jsonld_nodes, node_of_type, parse_html, sitemap_locations, visible_text

pytestmark = pytest.mark.django_db
HOST = "realty.localhost"
DEMO_HOST = "inback.localhost"
INDEX_PATH = "/novostroyki/"
MAX_QUERIES = 20


@pytest.fixture
def home():
    return brand_home(HOST, "Новостройки")


@pytest.fixture
def index(home):
    """The catalog of a brand site of its own, for the rules; the demo's is `demo_index`."""
    return RealtyIndexPageFactory(parent=home)


@pytest.fixture
def demo_home():
    return Site.objects.get(hostname=DEMO_HOST).root_page.specific


@pytest.fixture
def demo_index(demo_home):
    return RealtyIndexPage.objects.child_of(demo_home).get()


@pytest.fixture
def demo_complex(demo_index):
    return ResidentialComplexPage.objects.child_of(demo_index).get(slug="severnaya-gavan")


def get(client, path, params=None, **headers):
    return client.get(path, params or {}, HTTP_HOST=HOST, **headers)


def demo_get(client, path, params=None, **headers):
    return client.get(path, params or {}, HTTP_HOST=DEMO_HOST, **headers)


def path_of(page):
    return urlsplit(page.get_url()).path


def filtered_ids(response):
    """Every listing the filters let through (all pages), from the view's paginator."""
    return {item.pk for item in response.context["listings"].paginator.object_list}


def available(**filters):
    return ApartmentPage.objects.live().filter(status=ApartmentPage.Status.AVAILABLE, **filters)


# -- tree and demo --------------------------------------------------------------------------------------------


def test_page_tree_rules(home, index):
    complex_page = ResidentialComplexPageFactory(parent=index)
    assert RealtyIndexPage.allowed_parent_page_models() == [HomePage]
    assert ResidentialComplexPage.allowed_parent_page_models() == [RealtyIndexPage]
    assert ApartmentPage.allowed_parent_page_models() == [ResidentialComplexPage]
    assert ApartmentPage.allowed_subpage_models() == []
    assert not RealtyIndexPage.can_create_at(home)  # one catalog per site, and this one has it
    assert RealtyIndexPage.can_create_at(brand_home("other.localhost", "Другой бренд"))
    assert not ResidentialComplexPage.can_create_at(home)
    assert ResidentialComplexPage.can_create_at(index)
    assert not ApartmentPage.can_create_at(index)
    assert ApartmentPage.can_create_at(complex_page)


# -- the index: complexes, filters, sorting, pagination ---------------------------------------------------------


def test_index_lists_complex_cards_with_prices_and_hearts(client, demo_index):
    response = demo_get(client, INDEX_PATH)
    assert response.status_code == 200
    soup = parse_html(response)
    cards = soup.select(".complex-card")
    assert len(cards) == demo_index.per_page
    assert "Найдено 30 вариантов" in visible_text(response)
    assert all(card.select_one(".favorite-form button") for card in cards)
    first = ResidentialComplexPage.objects.child_of(demo_index).order_by("path").first()
    assert cards[0].select_one(".card-title").get_text(strip=True) == first.title
    assert "от " in cards[0].select_one(".card-price").get_text()
    assert soup.select_one(".card-image")["src"].endswith(".webp")


def test_filter_by_city(client, demo_index):
    response = demo_get(client, INDEX_PATH, {"city": "sankt-peterburg"})
    expected = set(
        ResidentialComplexPage.objects.child_of(demo_index)
        .filter(city__slug="sankt-peterburg")
        .values_list("pk", flat=True)
    )
    assert filtered_ids(response) == expected
    assert len(expected) == 14


def test_filter_by_district_developer_and_class(client, demo_index):
    district = District.objects.get(city__slug="moskva", name="СВАО")
    complexes = ResidentialComplexPage.objects.child_of(demo_index)
    response = demo_get(client, INDEX_PATH, {"district": district.pk})
    assert filtered_ids(response) == set(complexes.filter(district=district).values_list("pk", flat=True)) != set()
    response = demo_get(client, INDEX_PATH, {"developer": "pik"})
    assert filtered_ids(response) == set(complexes.filter(developer__slug="pik").values_list("pk", flat=True)) != set()
    response = demo_get(client, INDEX_PATH, {"housing_class": "premium"})
    premium = set(complexes.filter(housing_class__slug="premium").values_list("pk", flat=True))
    assert filtered_ids(response) == premium
    assert len(premium) == 4


def test_filter_by_rooms_price_and_area_uses_available_apartments(client, demo_index):
    complexes = ResidentialComplexPage.objects.child_of(demo_index)

    def with_apartment(**filters):
        return set(complexes.filter(pk__in=available(**filters).values("complex_id")).values_list("pk", flat=True))

    response = demo_get(client, INDEX_PATH, {"rooms": ["0"]})
    assert filtered_ids(response) == with_apartment(rooms=0) != set()
    response = demo_get(client, INDEX_PATH, {"rooms": ["4"]})
    assert filtered_ids(response) == with_apartment(rooms__gte=4) != set()
    response = demo_get(client, INDEX_PATH, {"price_from": "10", "price_to": "15,5"})
    assert filtered_ids(response) == with_apartment(price__gte=10_000_000, price__lte=15_500_000) != set()
    response = demo_get(client, INDEX_PATH, {"area_from": "60", "area_to": "80"})
    assert filtered_ids(response) == with_apartment(area__gte=60, area__lte=80) != set()


def test_rooms_and_price_must_match_the_same_apartment(client, demo_index):
    page = ResidentialComplexPageFactory(parent=demo_index, title="Квартал с одной дешёвой студией")
    ApartmentPageFactory(parent=page, rooms=0, area=Decimal("25"), price=Decimal("5000000"))
    ApartmentPageFactory(parent=page, rooms=3, area=Decimal("90"), price=Decimal("30000000"))
    cheap_studio = demo_get(client, INDEX_PATH, {"rooms": ["0"], "price_to": "6"})
    assert page.pk in filtered_ids(cheap_studio)
    cheap_three_rooms = demo_get(client, INDEX_PATH, {"rooms": ["3"], "price_to": "6"})
    assert page.pk not in filtered_ids(cheap_three_rooms)


def test_filter_by_completion_year(client, demo_index):
    complexes = ResidentialComplexPage.objects.child_of(demo_index)
    year = min(complexes.values_list("ready_year", flat=True)) + 1
    response = demo_get(client, INDEX_PATH, {"completion": str(year)})
    expected = set(complexes.filter(ready_year__lte=year).values_list("pk", flat=True))
    assert filtered_ids(response) == expected
    assert 0 < len(expected) < 30


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("price", lambda page: page.price_min, False),
        ("-price", lambda page: page.price_max, True),
        ("area", lambda page: page.area_min, False),
        ("completion", lambda page: page.ready_year, False),
        ("new", lambda page: page.first_published_at, True),
    ],
)
def test_sort_orders(client, demo_index, sort, key, reverse):
    response = demo_get(client, INDEX_PATH, {"sort": sort})
    listed = list(response.context["listings"].paginator.object_list)
    values = [key(page) for page in listed if key(page) is not None]
    assert values == sorted(values, reverse=reverse)
    assert len(listed) == 30
    assert parse_html(response).select_one(f'#sort option[value="{sort}"]').has_attr("selected")


def test_pagination_keeps_filters(client):
    first = parse_html(demo_get(client, INDEX_PATH, {"city": "moskva", "sort": "price"}))
    next_link = first.select_one('a[rel="next"]')["href"]
    assert "city=moskva" in next_link and "sort=price" in next_link and "page=2" in next_link
    second = demo_get(client, INDEX_PATH + next_link)
    assert len(parse_html(second).select(".complex-card")) == 16 - 12


@pytest.mark.parametrize(
    "params",
    [
        {"price_from": "дорого"},
        {"area_to": "-5"},
        {"city": "atlantida"},
        {"district": "999999"},
        {"rooms": ["9"]},
        {"completion": "1800"},
        {"developer": "nobody"},
    ],
)
def test_bad_filter_input_is_ignored_and_shown(client, params):
    response = demo_get(client, INDEX_PATH, params)
    assert response.status_code == 200
    assert parse_html(response).select(".filter-form .errorlist")
    assert response.context["result_count"] == 30


def test_filtered_list_canonical_is_the_unfiltered_page(client):
    response = demo_get(client, INDEX_PATH, {"city": "moskva", "rooms": ["2"], "page": "2"})
    assert parse_html(response).find("link", rel="canonical")["href"] == f"http://{DEMO_HOST}{INDEX_PATH}"


def test_index_jsonld_is_valid(client):
    nodes = jsonld_nodes(demo_get(client, INDEX_PATH))
    collection = next(node for node in nodes if node["@type"] == "CollectionPage")
    assert collection["mainEntity"]["numberOfItems"] == 12
    assert all(schemaorg.problems(node) == [] for node in nodes)


# -- the apartments list ----------------------------------------------------------------------------------------


def test_apartment_list_filters_sorts_and_has_its_own_canonical(client, demo_index, demo_complex):
    path = INDEX_PATH + "apartments/"
    response = demo_get(client, path, {"rooms": ["0"], "sort": "-price"})
    assert response.status_code == 200
    listed = list(response.context["listings"].paginator.object_list)
    assert listed and all(apartment.rooms == 0 for apartment in listed)
    prices = [apartment.price for apartment in listed]
    assert prices == sorted(prices, reverse=True)
    soup = parse_html(response)
    assert soup.find("link", rel="canonical")["href"] == f"http://{DEMO_HOST}{path}"
    assert soup.select(".apartment-card .compare-form")
    response = demo_get(client, path, {"complex": demo_complex.pk, "status": "available"})
    assert filtered_ids(response) == set(available(complex=demo_complex).values_list("pk", flat=True))
    response = demo_get(client, path, {"complex": "abc"})
    assert response.status_code == 200
    assert parse_html(response).select(".filter-form .errorlist")


# -- complex page ---------------------------------------------------------------------------------------------


def test_complex_page_shows_range_chessboard_and_jsonld(client, demo_complex):
    response = demo_get(client, demo_complex.url)
    assert response.status_code == 200
    on_sale = available(complex=demo_complex)
    low = min(apartment.price for apartment in on_sale)
    assert demo_complex.price_min == low
    assert demo_complex.area_max == max(apartment.area for apartment in on_sale)
    soup = parse_html(response)
    assert soup.select_one(".complex-summary .price").get_text(strip=True).startswith("от ")
    # шахматка: one cell link per published apartment, labelled with text, in one table per building
    lots = ApartmentPage.objects.child_of(demo_complex).live()
    cells = soup.select(".chess a.chess-cell")
    assert sorted(urlsplit(cell["href"]).path for cell in cells) == sorted(path_of(apartment) for apartment in lots)
    assert len(soup.select("table.chess")) == demo_complex.buildings.count()
    sold = next(apartment for apartment in lots if apartment.status == "sold")
    sold_cell = next(cell for cell in cells if urlsplit(cell["href"]).path == path_of(sold))
    assert "прод." in sold_cell.get_text() and "status-sold" in sold_cell["class"]
    assert soup.select_one(".chess-legend")
    floors = [int(th.get_text()) for th in soup.select("table.chess")[0].select("tbody th")]
    assert floors == sorted(floors, reverse=True) and floors[-1] == 1
    # JSON-LD: ApartmentComplex with address and geo, and an AggregateOffer of the apartments on sale
    place = node_of_type(response, "ApartmentComplex")
    assert place["address"]["@type"] == "PostalAddress" and place["address"]["addressLocality"] == "Москва"
    assert place["geo"]["@type"] == "GeoCoordinates"
    offer = node_of_type(response, "AggregateOffer")
    assert offer["lowPrice"] == str(low) and offer["priceCurrency"] == "RUB"
    assert offer["offerCount"] == on_sale.count()
    assert offer["itemOffered"]["@id"] == place["@id"]
    assert all(schemaorg.problems(node) == [] for node in jsonld_nodes(response))
    assert soup.select(".complex-detail .favorite-form button")


def test_complex_page_price_chart_has_svg_and_table(client, demo_complex):
    soup = parse_html(demo_get(client, demo_complex.url))
    chart = soup.select_one(".price-chart")
    assert chart.select_one("svg[role=img] title")
    points = chart.select_one("polyline")["points"].split()
    assert len(points) >= 2 and all("," in point and point.count(".") <= 2 for point in points)
    rows = chart.select(".chart-table tbody tr")
    assert len(rows) >= len(demo_complex.price_history) >= 2  # a row per month, carried on to this month


# -- apartment page -------------------------------------------------------------------------------------------


def test_apartment_page_facts_jsonld_offer_and_buttons(client, demo_complex):
    apartment = ApartmentPage.objects.child_of(demo_complex).filter(status="reserved").first() or (
        ApartmentPage.objects.child_of(demo_complex).first()
    )
    response = demo_get(client, apartment.url)
    assert response.status_code == 200
    text = visible_text(response)
    assert apartment.building.name in text and apartment.get_finishing_display() in text
    node = node_of_type(response, "Apartment")
    assert node["numberOfRooms"] == max(apartment.rooms, 1)
    assert node["floorSize"] == {"@type": "QuantitativeValue", "value": float(apartment.area), "unitCode": "MTK"}
    assert node["containedInPlace"]["name"] == demo_complex.title
    offer = node_of_type(response, "Offer")
    assert offer["price"] == str(apartment.price) and offer["priceCurrency"] == "RUB"
    assert offer["itemOffered"]["@id"] == node["@id"]
    expected = {"available": "InStock", "reserved": "Reserved", "sold": "SoldOut"}[apartment.status]
    assert offer["availability"] == f"https://schema.org/{expected}"
    assert all(schemaorg.problems(item) == [] for item in jsonld_nodes(response))
    soup = parse_html(response)
    assert soup.select_one(".apartment-detail .favorite-form button")
    assert soup.select_one(".apartment-detail .compare-form button")


def test_apartment_price_history_chart_lists_each_change(client, demo_index):
    changed = (
        ApartmentPage.objects.descendant_of(demo_index)
        .filter(pk__in=ApartmentPriceChange.objects.values("apartment_id"))
        .order_by("-price_changes__changed_at")
        .first()
    )
    history = list(ApartmentPriceChange.objects.filter(apartment=changed))
    soup = parse_html(demo_get(client, changed.url))
    rows = soup.select(".price-chart .chart-table tbody tr")
    assert len(rows) == len(history)
    assert soup.select_one(".price-chart polyline")


def test_sitemap_lists_catalog_pages(client, demo_index, demo_complex):
    apartment = ApartmentPage.objects.child_of(demo_complex).first()
    locations = sitemap_locations(client, DEMO_HOST)
    for page in (demo_index, demo_complex, apartment):
        assert page.get_full_url() in locations


# -- rules: derived figures and price history -------------------------------------------------------------------


def test_publishing_a_new_price_records_history_and_updates_the_complex(index):
    page = ResidentialComplexPageFactory(parent=index)
    apartment = ApartmentPageFactory(parent=page, price=Decimal("9000000"), area=Decimal("45"))
    page.refresh_from_db()
    assert list(apartment.price_changes.values_list("price", flat=True)) == [Decimal("9000000")]
    assert (page.price_min, page.price_max, page.available_count) == (Decimal("9000000"), Decimal("9000000"), 1)
    assert page.price_history and page.price_history[-1][1] == "200000"  # 9 000 000 / 45 m²

    apartment.price = Decimal("8500000")
    apartment.save_revision().publish()
    apartment.title = "Та же квартира, новое описание"
    apartment.save_revision().publish()  # same price: no new history row
    assert list(apartment.price_changes.values_list("price", flat=True)) == [Decimal("9000000"), Decimal("8500000")]
    page.refresh_from_db()
    assert page.price_min == Decimal("8500000")

    apartment.status = ApartmentPage.Status.SOLD
    apartment.save_revision().publish()
    page.refresh_from_db()
    assert (page.price_min, page.available_count, page.apartments_count) == (None, 0, 1)


def test_unpublishing_and_deleting_apartments_update_the_complex(index, django_capture_on_commit_callbacks):
    page = ResidentialComplexPageFactory(parent=index)
    cheap = ApartmentPageFactory(parent=page, price=Decimal("7000000"))
    dear = ApartmentPageFactory(parent=page, price=Decimal("12000000"))
    page.refresh_from_db()
    assert page.price_min == Decimal("7000000")
    cheap.unpublish()
    page.refresh_from_db()
    assert page.price_min == Decimal("12000000") and page.available_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=dear.pk).delete()
    page.refresh_from_db()
    assert (page.price_min, page.available_count) == (None, 0)


def test_derived_figures_stay_out_of_revisions(index):
    page = ResidentialComplexPageFactory(parent=index)
    old_revision = page.latest_revision
    ApartmentPageFactory(parent=page, price=Decimal("11000000"))
    assert "price_min" not in old_revision.content
    old_revision.publish()  # an old revision must not bring back old figures
    page.refresh_from_db()
    assert page.price_min == Decimal("11000000")


def test_completion_year_comes_from_buildings_with_apartments_on_sale(index):
    page = ResidentialComplexPageFactory(
        parent=index,
        completion_year=2030,
        buildings=[
            {"name": "Корпус 1", "floors": 10, "sections": 1},
            {"name": "Корпус 2", "floors": 10, "sections": 1, "completion_year": 2027, "completion_quarter": 1},
        ],
    )
    first, second = page.buildings.order_by("sort_order")
    ApartmentPageFactory(parent=page, building=first)
    page.refresh_from_db()
    assert page.ready_year == 2030
    ApartmentPageFactory(parent=page, building=second)
    page.refresh_from_db()
    assert page.ready_year == 2027


# -- rules: editor validation -----------------------------------------------------------------------------------


def test_apartment_validation_messages(index):
    page = ResidentialComplexPageFactory(parent=index, buildings=[{"name": "Корпус А", "floors": 9, "sections": 2}])
    taken = ApartmentPageFactory(parent=page, number=12)
    building = page.buildings.get()
    apartment = ApartmentPage(
        title="Новая", building=building, section=3, floor=10, number=12, rooms=1, area=Decimal("40"), price=1
    )
    with pytest.raises(ValidationError) as error:
        apartment.clean()
    assert set(error.value.message_dict) == {"floor", "section", "number"}
    assert "только 9 этажей" in error.value.message_dict["floor"][0]
    assert "только 2 секций" in error.value.message_dict["section"][0]
    assert "№ 12" in error.value.message_dict["number"][0]
    taken.clean()  # its own number is not a duplicate
    with pytest.raises(ValidationError) as error:
        ApartmentPage(title="Без корпуса", floor=1, number=1, rooms=0, area=Decimal("20"), price=1).clean()
    assert "building" in error.value.message_dict


def test_building_and_complex_validation_messages(index):
    page = ResidentialComplexPageFactory(parent=index, buildings=[{"name": "Корпус Б", "floors": 12, "sections": 2}])
    building = page.buildings.get()
    ApartmentPageFactory(parent=page, building=building, floor=11, section=2)
    building.floors, building.sections, building.completion_year = 10, 1, 2028
    with pytest.raises(ValidationError) as error:
        building.clean()
    assert "11 этаже" in error.value.message_dict["floors"][0]
    assert "секции 2" in error.value.message_dict["sections"][0]
    assert "квартал" in error.value.message_dict["completion_quarter"][0]

    page.latitude, page.longitude = Decimal("55.75"), None
    page.district = District.objects.get(city__slug="sankt-peterburg", name="Невский")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "широту" in error.value.message_dict["longitude"][0]
    assert "не относится к городу" in error.value.message_dict["district"][0]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(email="realty-editor@example.com", password="pw")
    client.force_login(user)
    return client


def test_admin_edit_screens_open_and_offer_only_own_buildings(admin_client, index):
    complex_page = ResidentialComplexPageFactory(parent=index)
    ResidentialComplexPageFactory(parent=index)  # another complex, whose buildings are not offered
    apartment = ApartmentPageFactory(parent=complex_page)
    for page in (index, complex_page, apartment):
        assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    response = admin_client.get(reverse("wagtailadmin_pages:add", args=["catalog", "apartmentpage", complex_page.pk]))
    assert response.status_code == 200
    offered = set(response.context["form"].fields["building"].queryset.values_list("pk", flat=True))
    assert offered == set(complex_page.buildings.values_list("pk", flat=True))
    assert admin_client.get(reverse("wagtailsnippets_catalog_bank:list")).status_code == 200


# -- mortgage ---------------------------------------------------------------------------------------------------


def test_annuity_payment_formula():
    # 1 000 000 ₽ at 12 % a year (1 % a month) over 12 months: the textbook 88 848,79 ₽
    assert annuity_payment(Decimal("1000000"), Decimal("12"), 12) == Decimal("88848.79")
    # 3 000 000 ₽ at 6 % over 20 years: 7,16431 ₽ a month per 1 000 ₽ (mortgage tables)
    assert annuity_payment(Decimal("3000000"), Decimal("6"), 240) == Decimal("21492.93")
    assert annuity_payment(Decimal("1200000"), Decimal("0"), 24) == Decimal("50000.00")
    assert annuity_payment(Decimal("0"), Decimal("10"), 12) == Decimal("0.00")


def test_mortgage_calculator_computes_on_the_server(client, demo_complex):
    apartment = ApartmentPage.objects.child_of(demo_complex).first()
    bank = Bank.objects.get(name__startswith="ВТБ")
    params = {"price": "10000000", "down_payment": "3000000", "term": "20", "bank": bank.pk}
    response = demo_get(client, apartment.url, params)
    expected = annuity_payment(Decimal("7000000"), bank.rate, 240)
    result = parse_html(response).select_one(".mortgage-result .price").get_text()
    assert result.replace("\xa0", " ").startswith(f"{int(expected):,}".replace(",", " "))
    # without input the calculator shows an example for the apartment's own price
    soup = parse_html(demo_get(client, apartment.url))
    assert soup.select_one("#id_price")["value"] == str(apartment.price)
    assert soup.select_one(".mortgage-result")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"price": "10000000", "down_payment": "12000000", "term": "20"}, "меньше стоимости квартиры"),
        ({"price": "10000000", "down_payment": "100000", "term": "20"}, "не меньше 20%"),
        ({"price": "10000000", "down_payment": "3000000", "term": "40"}, "не больше чем на 30 лет"),
        ({"price": "десять", "down_payment": "3000000", "term": "20"}, "Введите стоимость числом"),
        ({"price": "10000000", "down_payment": "3000000", "term": "20", "bank": "999999"}, "Выберите программу"),
    ],
)
def test_mortgage_calculator_explains_bad_input(client, demo_complex, params, message):
    apartment = ApartmentPage.objects.child_of(demo_complex).first()
    params = {"bank": Bank.objects.get(name__startswith="ВТБ").pk, **params}
    response = demo_get(client, apartment.url, params)
    assert response.status_code == 200
    soup = parse_html(response)
    assert message in soup.select_one("#mortgage").get_text()
    assert not soup.select_one(".mortgage-result")


# -- comparison -------------------------------------------------------------------------------------------------


def compare_post(client, action, apartment, host=HOST, **headers):
    return client.post(
        f"{INDEX_PATH}compare/{action}/", {"apartment": apartment.pk, "next": "/"}, HTTP_HOST=host, **headers
    )


def test_compare_up_to_four_apartments(client, index):
    ApartmentPageFactory.create_batch(5, parent=ResidentialComplexPageFactory(parent=index))
    apartments = list(ApartmentPage.objects.descendant_of(index).order_by("path")[:5])
    for apartment in apartments[:MAX_COMPARE]:
        assert compare_post(client, "add", apartment).status_code == 302
    assert client.session[SESSION_COMPARE] == [apartment.pk for apartment in apartments[:4]]
    response = compare_post(client, "add", apartments[4])
    assert client.session[SESSION_COMPARE] == [apartment.pk for apartment in apartments[:4]]
    response = client.get(response["Location"], HTTP_HOST=HOST)
    assert "В сравнении уже 4 квартиры" in visible_text(response)

    response = get(client, INDEX_PATH + "compare/")
    soup = parse_html(response)
    assert [a.get_text(strip=True) for a in soup.select(".compare-table thead th a")] == [
        apartment.title for apartment in apartments[:4]
    ]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]

    compare_post(client, "remove", apartments[0])
    assert client.session[SESSION_COMPARE] == [apartment.pk for apartment in apartments[1:4]]


def test_compare_with_htmx_swaps_the_button(client, index):
    apartment = ApartmentPageFactory(parent=ResidentialComplexPageFactory(parent=index))
    response = compare_post(client, "add", apartment, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    soup = parse_html(response)
    assert soup.select_one("form.compare-form button")["aria-pressed"] == "true"
    assert "добавлена к сравнению" in soup.get_text()
    response = compare_post(client, "remove", apartment, HTTP_HX_REQUEST="true")
    assert parse_html(response).select_one("form.compare-form button")["aria-pressed"] == "false"


def test_compare_refuses_get_and_unknown_apartments(client, index):
    assert get(client, INDEX_PATH + "compare/add/").status_code == 405
    response = client.post(f"{INDEX_PATH}compare/add/", {"apartment": "999999"}, HTTP_HOST=HOST)
    assert response.status_code == 404
    response = client.post(f"{INDEX_PATH}compare/add/", {"apartment": "abc"}, HTTP_HOST=HOST)
    assert response.status_code == 404
    # found by the fuzz (tests/test_fuzz.py): an id beyond 64 bits raised OverflowError on SQLite
    response = client.post(f"{INDEX_PATH}compare/add/", {"apartment": str(2**63)}, HTTP_HOST=HOST)
    assert response.status_code == 404
    empty = get(client, INDEX_PATH + "compare/")
    assert "В сравнении пока пусто" in visible_text(empty)


# -- query counts -----------------------------------------------------------------------------------------------


def count_queries(client, path):
    client.get(path, HTTP_HOST=DEMO_HOST)  # warm the caches (site root paths, renditions, menus, filter choices)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=DEMO_HOST)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_listings(client, demo_home, demo_index):
    page = ResidentialComplexPageFactory(parent=demo_index, title="Квартал для счёта запросов")
    realty_demo.add_apartments(page, 3)
    apartment = ApartmentPage.objects.child_of(page).first()
    paths = {
        "index": f"{INDEX_PATH}?city=moskva&rooms=2&sort=price",
        "apartments": f"{INDEX_PATH}apartments/?rooms=1&price_to=30",
        "complex": path_of(page),
        "apartment": path_of(apartment),
        "compare": f"{INDEX_PATH}compare/",
    }
    compare_post(client, "add", apartment, host=DEMO_HOST)
    few = {name: count_queries(client, path) for name, path in paths.items()}
    realty_demo.add_apartments(page, 27)  # two and a half pages of 12
    realty_demo.seed(demo_home, scale=10)
    compare_post(client, "add", ApartmentPage.objects.child_of(page).last(), host=DEMO_HOST)
    assert ApartmentPage.objects.child_of(page).count() == 30
    many = {name: count_queries(client, path) for name, path in paths.items()}
    assert many == few, f"3 listings: {few}; 30 listings: {many}"
    assert all(count <= MAX_QUERIES for count in many.values()), many
    print(json.dumps({"queries": few}))  # noqa: T201 - shown with -s, for the report


@pytest.mark.parametrize("unit", ["₽", "₽/м²"])
def test_the_chart_leaves_room_for_its_longest_axis_label(unit):
    """12px labels are at most ~7 units a character wide: each must end right of x=0 (the viewBox's edge)."""
    points = [(date(2026, 1, 1), Decimal("451000")), (date(2026, 6, 1), Decimal("987654321"))]
    chart = realty_charts.line_chart(points, unit=unit)
    for tick in chart["y_ticks"]:
        assert chart["plot_left"] - 6 - 7 * len(tick["label"]) >= 0, tick["label"]
    assert chart["plot_right"] == chart["width"] - realty_charts.PAD_RIGHT
    assert all(chart["plot_left"] <= dot["x"] <= chart["plot_right"] for dot in chart["dots"])
