"""Avtofamily car catalog: tree rules, list with filters and sorting, detail, validation, JSON-LD, queries, demo.

The rules are checked on a brand site of their own with a handful of cars (`lot`); the demo's own tests
(100 ads, idempotent seed, menu, sitemap) use the seeded Avtofamily site."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import wagtail_factories
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from catalog.filters import CHOICES_CACHE_KEY
from catalog.filters.cars import reference_choices
from catalog.models import (
    BodyType,
    CarAdPage,
    CarAdPhoto,
    CarIndexPage,
    CarMake,
    CarModel,
    CarTrim,
    City,
    DriveType,
    FuelType,
    Transmission,
)
from catalog.models.cars import VINFormField, normalize_vin
from home.models import BrandSettings, HomePage
from tests import schemaorg
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.home.factories import brand_home
from tests.utils import node_of_type, parse_html, sitemap_locations, validation_errors, visible_text

pytestmark = pytest.mark.django_db
HOST = "cars.localhost"
DEMO_HOST = "avtofamily.localhost"
MAX_QUERIES = 20

# The cars of `lot`, by slug: between them they match every filter, and none matches all of them.
LOT = """
make    model       year price   mileage body         fuel   gearbox   drive    city            condition status
toyota  camry       2021 3200000 20000   sedan        benzin avtomat   peredniy moskva          used      available
toyota  rav4        2024 4100000 0       krossover    gibrid variator  polnyy   sankt-peterburg new       available
kia     rio         2015 900000  120000  sedan        benzin mekhanika peredniy moskva          used      sold
kia     sportage    2019 2400000 60000   krossover    dizel  avtomat   polnyy   sankt-peterburg used      reserved
hyundai solaris     2018 1300000 48000   sedan        benzin robot     peredniy sankt-peterburg used      available
lada    niva-travel 2012 700000  150000  vnedorozhnik benzin mekhanika polnyy   moskva          used      available
"""


@pytest.fixture(scope="module")
def brand(django_db_setup, django_db_blocker):
    """The brand site with its catalog and the cars of LOT, built once for the module's tests (on each xdist
    worker that runs some; their image renditions are made once too) and rolled back after them. Each test runs
    in a savepoint on top and gets fresh instances from the fixtures below."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = brand_home(
            HOST, "Автосалон", organization_type="AutoDealer", phone="+7 495 000-00-00", locality="Москва",
            street_address="ул. Тестовая, 1", country="RU",
        )  # fmt: skip
        index = CarIndexPageFactory(parent=home, slug="cars")
        photo = wagtail_factories.ImageFactory(title="Машина", file__width=1600, file__height=1000)
        now = timezone.now()
        rows = LOT.strip().splitlines()[1:]
        cars = [add_car(index, photo, row, now - timedelta(hours=n)) for n, row in enumerate(rows)]
        yield {"home": home.pk, "index": index.pk, "photo": photo.pk, "lot": [car.pk for car in cars]}
        transaction.set_rollback(True)


@pytest.fixture
def home(brand, db):
    return HomePage.objects.get(pk=brand["home"])


@pytest.fixture
def index(brand, db):
    return CarIndexPage.objects.get(pk=brand["index"])


@pytest.fixture
def photo(brand, db):
    return get_image_model().objects.get(pk=brand["photo"])


def add_car(index, photo, row, published):
    make_slug, model_slug, year, price, mileage, body, fuel, transmission, drive, city, condition, status = row.split()
    model = CarModel.objects.get(make__slug=make_slug, slug=model_slug)
    car = CarAdPageFactory(
        parent=index, title=f"{model.make.name} {model.name}, {year}", make=model.make, model=model,
        trim=model.trims.first(), year=int(year), price=Decimal(price), mileage=int(mileage),
        body_type=BodyType.objects.get(slug=body), fuel=FuelType.objects.get(slug=fuel),
        transmission=Transmission.objects.get(slug=transmission), drive=DriveType.objects.get(slug=drive),
        city=City.objects.get(slug=city), condition=condition, status=status, main_image=photo,
        description="Машина для проверки.", first_published_at=published,
    )  # fmt: skip
    for position in range(2):
        CarAdPhoto.objects.create(page=car, image=photo, sort_order=position)
    return car


@pytest.fixture
def lot(brand, db, monkeypatch):
    """The six cars of LOT, newest first, listed two per page."""
    monkeypatch.setattr(CarIndexPage, "per_page", 2)
    cars = CarAdPage.objects.in_bulk(brand["lot"])
    return [cars[pk] for pk in brand["lot"]]


def path_of(page):
    return page.get_url_parts()[2]


def get(client, path, **params):
    return client.get(path, params, HTTP_HOST=HOST)


def ads(index):
    return CarAdPage.objects.child_of(index).live()


def listed(response):
    return list(response.context["listings"].object_list)


def form_errors(response):
    return [p.get_text(strip=True) for p in parse_html(response).select(".filter-form .errorlist")]


# -- tree rules --------------------------------------------------------------


def test_catalog_lives_under_a_brand_home_and_holds_car_ads_and_dealers_catalogs(home, index):
    assert CarIndexPage.allowed_parent_page_models() == [HomePage, CarIndexPage]
    assert CarIndexPage.allowed_subpage_models() == [CarAdPage, CarIndexPage]
    assert CarAdPage.allowed_parent_page_models() == [CarIndexPage]
    assert CarIndexPage.can_create_at(home)
    assert CarAdPage.can_create_at(index)
    assert not CarAdPage.can_create_at(home)
    assert CarAdPage.allowed_subpage_models() == []


# -- the list ----------------------------------------------------------------


def test_index_lists_cars_for_sale_and_hides_sold_ones_by_default(client, index, lot):
    response = get(client, path_of(index))
    assert response.status_code == 200
    unsold = ads(index).exclude(status=CarAdPage.Status.SOLD)
    assert response.context["result_count"] == unsold.count()
    assert all(car.status != CarAdPage.Status.SOLD for car in listed(response))
    soup = parse_html(response)
    assert len(soup.select(".card-grid .listing-card")) == CarIndexPage.per_page
    assert soup.select_one("input[name=show_sold]") is not None


def test_show_sold_brings_sold_cars_back_with_their_badge(client, index, lot):
    response = get(client, path_of(index), show_sold="on", sort="price")
    assert response.context["result_count"] == ads(index).count()
    sold = ads(index).filter(status=CarAdPage.Status.SOLD).order_by("price", "pk").first()
    response = get(client, path_of(index), show_sold="on", price_to=int(sold.price), sort="-price")
    assert sold in listed(response)
    card = next(c for c in parse_html(response).select(".listing-card") if c.a["href"] == path_of(sold))
    assert card.select_one(".status-sold").get_text(strip=True) == "Продан"


def test_card_shows_name_year_mileage_specs_price_city_badge_and_heart(client, index, lot):
    car = ads(index).exclude(status=CarAdPage.Status.SOLD).order_by("price", "pk").first()
    response = get(client, path_of(index), sort="price")
    card = parse_html(response).select_one(".card-grid .listing-card")
    text = card.get_text(" ", strip=True).replace("\xa0", " ")
    assert card.a["href"] == path_of(car)
    assert card.select_one(".card-title").get_text(strip=True) == f"{car.make.name} {car.model.name}, {car.year}"
    assert f"{car.mileage:,}".replace(",", " ") + " км" in text
    assert car.transmission.name.lower() in text and car.fuel.name.lower() in text
    assert f"{car.price:,.0f}".replace(",", " ") + " ₽" in text
    assert car.city.name in text
    assert card.select_one(".status-badge").get_text(strip=True) == car.get_status_display()
    assert card.select_one("img")["src"].endswith(".webp")
    assert card.select_one("form.favorite-form button.favorite-button") is not None


def choice_id(model, name):
    return model.objects.get(name=name).pk


FILTERS = [
    # (query, predicate every listed car must satisfy)
    (lambda: {"make": choice_id(CarMake, "Toyota")}, lambda car: car.make.name == "Toyota"),
    (
        lambda: {"make": choice_id(CarMake, "Kia"), "model": CarModel.objects.get(name="Rio").pk},
        lambda car: car.model.name == "Rio",
    ),
    (lambda: {"year_from": 2020}, lambda car: car.year >= 2020),
    (lambda: {"year_to": 2016}, lambda car: car.year <= 2016),
    (lambda: {"price_from": 3_000_000}, lambda car: car.price >= 3_000_000),
    (lambda: {"price_to": 1_500_000}, lambda car: car.price <= 1_500_000),
    (lambda: {"mileage_to": 50_000}, lambda car: car.mileage <= 50_000),
    (lambda: {"body_type": choice_id(BodyType, "Кроссовер")}, lambda car: car.body_type.name == "Кроссовер"),
    (lambda: {"fuel": choice_id(FuelType, "Дизель")}, lambda car: car.fuel.name == "Дизель"),
    (lambda: {"transmission": choice_id(Transmission, "Робот")}, lambda car: car.transmission.name == "Робот"),
    (lambda: {"drive": choice_id(DriveType, "Полный")}, lambda car: car.drive.name == "Полный"),
    (lambda: {"city": choice_id(City, "Москва")}, lambda car: car.city.name == "Москва"),
    (lambda: {"condition": "new"}, lambda car: car.condition == "new"),
]


@pytest.mark.parametrize(("query", "keeps"), FILTERS)
def test_each_filter_keeps_exactly_the_matching_cars(client, index, lot, query, keeps):
    params = {**query(), "show_sold": "on"}
    response = get(client, path_of(index), **params)
    assert response.status_code == 200
    assert form_errors(response) == []
    expected = [car for car in ads(index) if keeps(car)]
    assert expected, "the lot should have cars for every filter"
    assert response.context["result_count"] == len(expected)
    assert all(keeps(car) for car in listed(response))


def test_filters_combine(client, index, lot):
    response = get(client, path_of(index), year_from=2018, price_to=3_000_000, city=choice_id(City, "Санкт-Петербург"))
    expected = [
        car
        for car in ads(index).exclude(status="sold")
        if car.year >= 2018 and car.price <= 3_000_000 and car.city.name == "Санкт-Петербург"
    ]
    assert response.context["result_count"] == len(expected)


def test_model_select_offers_only_the_chosen_makes_models(client, index):
    toyota = CarMake.objects.get(name="Toyota")
    response = get(client, path_of(index), make=toyota.pk)
    options = [o.get_text(strip=True) for o in parse_html(response).select("select[name=model] option") if o["value"]]
    assert options == list(toyota.models.values_list("name", flat=True))
    response = get(client, path_of(index))
    options = [o.get_text(strip=True) for o in parse_html(response).select("select[name=model] option") if o["value"]]
    assert len(options) == CarModel.objects.count() and "Kia Rio" in options


def test_a_model_of_another_make_is_reported_and_ignored(client, index, lot):
    rio = CarModel.objects.get(name="Rio")
    toyota = CarMake.objects.get(name="Toyota")
    response = get(client, path_of(index), make=toyota.pk, model=rio.pk)
    assert response.status_code == 200
    assert len(form_errors(response)) == 1
    assert response.context["result_count"] == ads(index).filter(make=toyota).exclude(status="sold").count()


@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "две тысячи"},
        {"price_to": "дёшево"},
        {"mileage_to": "-5"},
        {"make": "99999"},
        {"model": "abc"},
        {"body_type": "1; DROP TABLE"},
        {"condition": "broken"},
    ],
)
def test_bad_filter_input_is_shown_and_ignored(client, index, lot, params):
    response = get(client, path_of(index), **params)
    assert response.status_code == 200
    assert len(form_errors(response)) == 1
    assert response.context["result_count"] == ads(index).exclude(status="sold").count()


def test_unknown_sort_and_page_fall_back_to_defaults(client, index, lot):
    response = get(client, path_of(index), sort="hacker", page="999")
    assert response.status_code == 200
    assert response.context["sort_key"] == "newest"
    assert response.context["listings"].number == 1


SORTS = {
    "price": lambda car: car.price,
    "-price": lambda car: -car.price,
    "-year": lambda car: -car.year,
    "mileage": lambda car: car.mileage,
    "newest": lambda car: -car.first_published_at.timestamp(),
}


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_order(client, index, lot, sort):
    response = get(client, path_of(index), sort=sort, show_sold="on")
    cars = listed(response)
    assert len(cars) == CarIndexPage.per_page
    assert [SORTS[sort](car) for car in cars] == sorted(SORTS[sort](car) for car in cars)
    everything = sorted(ads(index), key=lambda car: (SORTS[sort](car), car.pk))
    assert SORTS[sort](cars[0]) == SORTS[sort](everything[0])
    selected = parse_html(response).select_one("select[name=sort] option[selected]")
    assert selected["value"] == sort


def test_newest_ads_come_first_by_default(client, index, lot):
    fresh = CarAdPageFactory(parent=index, first_published_at=timezone.now() + timezone.timedelta(minutes=1))
    response = get(client, path_of(index))
    assert listed(response)[0] == fresh


def test_pagination_keeps_the_filters_and_the_sort(client, index, lot):
    response = get(client, path_of(index), year_from=2013, sort="price")
    assert response.context["listings"].paginator.num_pages > 1
    next_link = parse_html(response).select_one(".pagination a[rel=next]")["href"]
    query = parse_qs(urlsplit(next_link).query)
    assert query == {"year_from": ["2013"], "sort": ["price"], "page": ["2"]}
    second = get(client, path_of(index), **{key: values[0] for key, values in query.items()})
    assert second.context["listings"].number == 2
    assert all(car.year >= 2013 for car in listed(second))
    assert not set(listed(second)) & set(listed(response))


def test_filtered_list_is_canonicalised_to_the_plain_list(client, index, lot):
    response = get(client, path_of(index), make=1, sort="price", page=2)
    canonical = parse_html(response).find("link", rel="canonical")["href"]
    assert canonical == f"http://{HOST}{path_of(index)}"


def test_empty_result_explains_what_to_do(client, index, lot):
    response = get(client, path_of(index), price_from=50_000_000)
    assert response.context["result_count"] == 0
    assert "Показать проданные" in visible_text(response)
    assert "Ничего не найдено" in visible_text(response)


def test_index_jsonld_is_an_item_list_of_the_cards(client, index, lot):
    response = get(client, path_of(index), sort="price")
    page = node_of_type(response, "CollectionPage")
    items = page["mainEntity"]["itemListElement"]
    assert [item["url"] for item in items] == [f"http://{HOST}{path_of(car)}" for car in listed(response)]
    assert schemaorg.problems(page) == []


# -- the detail page ---------------------------------------------------------


def test_detail_shows_gallery_specs_features_price_status_and_heart(client, index, lot):
    car = ads(index).filter(trim__isnull=False, status="available").first()
    response = get(client, path_of(car))
    assert response.status_code == 200
    soup = parse_html(response)
    text = visible_text(response).replace("\xa0", " ")
    assert soup.h1.get_text(strip=True) == car.title
    specs = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dl dt")}
    assert specs["VIN"] == car.vin
    assert specs["Марка"] == car.make.name and specs["Модель"] == car.model.name
    assert specs["Комплектация"] == car.trim.name
    assert specs["Год выпуска"] == str(car.year)
    assert specs["Коробка"] == car.transmission.name and specs["Привод"] == car.drive.name
    assert [li.get_text(strip=True) for li in soup.select(".car-features li")] == car.feature_list
    assert f"{car.price:,.0f}".replace(",", " ") + " ₽" in text
    assert soup.select_one(".status-badge").get_text(strip=True) == "В продаже"
    # The gallery: the main photo (WebP first, a JPEG fallback), then a thumbnail per photo, each a link to the
    # full-size JPEG (tests/catalog/test_car_catalog_ux.py and test_gallery.py have the rest).
    main = soup.select_one("[data-gallery] img[data-gallery-main]")
    assert main.find_parent("picture").select_one("source[type='image/webp']") is not None
    assert main["src"].endswith(".jpg")
    thumbs = soup.select("[data-gallery] a[data-gallery-thumb]")
    assert len(thumbs) == car.gallery_images.count()
    assert all(thumb.img["loading"] == "lazy" and thumb["href"].endswith(".jpg") for thumb in thumbs)
    assert soup.select_one("form.favorite-form button.favorite-button") is not None


def test_sold_car_stays_visible_with_a_badge(client, index, lot):
    car = ads(index).filter(status=CarAdPage.Status.SOLD).first()
    response = get(client, path_of(car))
    assert response.status_code == 200
    assert parse_html(response).select_one(".status-badge.status-sold").get_text(strip=True) == "Продан"
    assert node_of_type(response, "Car")["offers"]["availability"] == "https://schema.org/SoldOut"


def test_saved_car_shows_a_filled_heart(client, index, lot):
    car = ads(index).first()
    client.post(f"/favorites/{car.pk}/toggle/", {"next": path_of(car)}, HTTP_HOST=HOST)
    response = get(client, path_of(car))
    assert parse_html(response).select_one(".favorite-button")["aria-pressed"] == "true"
    card = get(client, path_of(index), show_sold="on", price_from=int(car.price), price_to=int(car.price))
    button = next(c for c in parse_html(card).select(".listing-card") if c.a["href"] == path_of(car)).button
    assert button["aria-pressed"] == "true"


@pytest.mark.parametrize(
    ("status", "availability"),
    [
        ("available", "https://schema.org/InStock"),
        ("reserved", "https://schema.org/LimitedAvailability"),
        ("sold", "https://schema.org/SoldOut"),
    ],
)
def test_car_jsonld_validates_and_has_the_vehicle_properties(client, index, lot, status, availability):
    car = ads(index).filter(status=status, trim__isnull=False).first()
    response = get(client, path_of(car))
    node = node_of_type(response, "Car")
    assert schemaorg.problems(node) == []
    assert node["name"] == car.title
    assert node["brand"] == {"@type": "Brand", "name": car.make.name}
    assert node["model"] == car.model.name
    assert node["vehicleConfiguration"] == car.trim.name
    assert node["vehicleIdentificationNumber"] == car.vin
    assert node["vehicleModelDate"] == str(car.year)
    assert node["mileageFromOdometer"]["value"] == car.mileage
    assert node["mileageFromOdometer"]["unitCode"] == "KMT"
    assert node["bodyType"] == car.body_type.name
    assert node["fuelType"] == car.fuel.name
    assert node["vehicleTransmission"] == car.transmission.name
    assert node["driveWheelConfiguration"].startswith("https://schema.org/")
    assert node["color"] == car.colour
    engine = node["vehicleEngine"]
    assert engine["engineDisplacement"]["value"] == float(car.engine_volume)
    assert engine["enginePower"]["value"] == car.engine_power
    assert node["itemCondition"] == f"https://schema.org/{'New' if car.condition == 'new' else 'Used'}Condition"
    offer = node["offers"]
    assert Decimal(offer["price"]) == car.price
    assert offer["priceCurrency"] == "RUB"
    assert offer["availability"] == availability
    assert node["image"].startswith(f"http://{HOST}/")
    for other in ("AutoDealer", "BreadcrumbList"):
        assert schemaorg.problems(node_of_type(response, other)) == []


def test_new_car_jsonld_says_new_condition(client, index, lot):
    car = ads(index).filter(condition=CarAdPage.Condition.NEW).first()
    node = node_of_type(get(client, path_of(car)), "Car")
    assert node["itemCondition"] == "https://schema.org/NewCondition"
    assert node["offers"]["itemCondition"] == "https://schema.org/NewCondition"


def test_electric_car_without_engine_volume_has_power_only(client, index):
    electric = FuelType.objects.get(name="Электро")
    car = CarAdPageFactory(parent=index, fuel=electric, engine_volume=None, engine_power=204)
    node = node_of_type(get(client, path_of(car)), "Car")
    assert node["vehicleEngine"] == {
        "@type": "EngineSpecification",
        "enginePower": {"@type": "QuantitativeValue", "value": 204, "unitCode": "N12"},
    }
    assert schemaorg.problems(node) == []


def test_detail_meta_description_falls_back_to_a_summary(client, index, lot):
    car = ads(index).first()
    description = parse_html(get(client, path_of(car))).find("meta", attrs={"name": "description"})["content"]
    assert description.startswith(f"{car.make.name} {car.model.name}, {car.year}")
    assert car.city.name in description


# -- editor rules ------------------------------------------------------------


@pytest.fixture
def valid_car(index):
    """An unsaved, valid ad placed as a new child of the catalog; keyword arguments change fields."""

    def build(**overrides):
        return make_car(index, **overrides)

    return build


def make_car(index, **overrides):
    kia = CarMake.objects.get(name="Kia")
    fields = {
        "title": "Kia Rio 1.6 AT, 2020",
        "slug": "kia-rio-check",
        "make": kia,
        "model": CarModel.objects.get(make=kia, name="Rio"),
        "year": 2020,
        "mileage": 45_000,
        "price": Decimal("1450000"),
        "body_type": BodyType.objects.get(name="Седан"),
        "fuel": FuelType.objects.get(name="Бензин"),
        "transmission": Transmission.objects.get(name="Автомат"),
        "drive": DriveType.objects.get(name="Передний"),
        "city": City.objects.get(name="Москва"),
        "vin": "Z94CB41AAGR323020",
        "path": index.path + "ZZZZ",
        "depth": index.depth + 1,
    }
    return CarAdPage(**{**fields, **overrides})


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def test_a_valid_car_passes(valid_car):
    assert validation_errors(valid_car().full_clean) == {}


def test_model_must_belong_to_the_make(valid_car):
    errors = errors_of(valid_car(model=CarModel.objects.get(name="Camry")))
    assert errors["model"] == ["Модель «Camry» не относится к марке «Kia»."]


def test_trim_must_belong_to_the_model(valid_car):
    errors = errors_of(valid_car(trim=CarTrim.objects.get(model__name="Camry", name="Престиж")))
    assert errors["trim"] == ["Комплектация «Престиж» — не от модели «Rio»."]


def test_a_new_car_has_at_most_100_km(valid_car):
    valid_car(condition="new", mileage=100).full_clean()
    errors = errors_of(valid_car(condition="new", mileage=101))
    assert "не больше 100 км" in errors["mileage"][0]


@pytest.mark.parametrize(
    ("year", "message"),
    [(1949, "Год выпуска не раньше 1950."), (timezone.localdate().year + 2, "Год выпуска не позже")],
)
def test_year_is_between_1950_and_next_year(valid_car, year, message):
    assert errors_of(valid_car(year=year))["year"][0].startswith(message)
    valid_car(year=timezone.localdate().year + 1).full_clean()


def test_electric_car_has_no_engine_volume(valid_car):
    errors = errors_of(valid_car(fuel=FuelType.objects.get(name="Электро"), engine_volume=Decimal("1.6")))
    assert errors["engine_volume"] == ["У электромобиля нет объёма двигателя — оставьте поле пустым."]


def test_vin_is_normalised_to_upper_case_without_spaces(valid_car):
    car = valid_car(vin=" z94 cb41aa-gr323020 ")
    car.full_clean()
    assert car.vin == "Z94CB41AAGR323020"
    assert VINFormField(required=True).clean("xw8 zzz 61z hg 012345") == "XW8ZZZ61ZHG012345"
    assert normalize_vin("wba\t3a5c5 5df 586041") == "WBA3A5C55DF586041"


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("Z94CB41AAGR32302", "В VIN ровно 17 символов, а введено 16."),
        ("Z94CB41AAGR3230201", "В VIN ровно 17 символов, а введено 18."),
        ("Z94CB41OAGR323020", "В VIN не бывает букв I, O и Q (их легко спутать с 1 и 0): проверьте O."),
        ("Z94CB41IAGQ323020", "В VIN не бывает букв I, O и Q (их легко спутать с 1 и 0): проверьте I, Q."),
        ("Z94СВ41AAGR323020", "VIN пишется латиницей, а в нём есть русские буквы: В, С. Переключите раскладку."),
        ("Z94CB41AAGR32302*", "В VIN допустимы только латинские буквы и цифры, лишние символы: *."),
    ],
)
def test_bad_vins_get_a_clear_message(valid_car, vin, message):
    assert errors_of(valid_car(vin=vin))["vin"] == [message]


def test_vin_is_required_in_the_editor_and_on_a_published_ad(index):
    form_class = CarAdPage.get_edit_handler().get_form_class()
    assert form_class.base_fields["vin"].required
    car = CarAdPageFactory(parent=index)
    car.vin = ""
    with pytest.raises(ValidationError) as caught:
        car.full_clean()
    assert caught.value.message_dict["vin"] == ["Это поле не может быть пустым."]


def test_vin_is_unique_among_car_ads(valid_car, index):
    taken = CarAdPageFactory(parent=index)
    errors = errors_of(valid_car(vin=taken.vin.lower()))
    assert errors["vin"] == [f"Автомобиль с VIN {taken.vin} уже есть на сайте: «{taken.title}»."]
    assert validation_errors(taken.full_clean) == {}  # its own VIN does not count


def test_a_copied_ad_is_a_draft_without_the_vin_until_one_is_entered(index, lot):
    original = ads(index).first()
    copy = original.copy(to=index, keep_live=False, update_attrs={"slug": "copy-of-a-car", "title": "Копия"})
    copy = CarAdPage.objects.get(pk=copy.pk)
    assert copy.vin == "" and not copy.live
    assert copy.make_id == original.make_id and copy.gallery_images.count() == original.gallery_images.count()
    copy.live = True  # publishing it needs a VIN
    with pytest.raises(ValidationError) as caught:
        copy.full_clean()
    assert "vin" in caught.value.message_dict
    copy.vin = "Z94CB41AAGR323020"
    copy.full_clean()


def test_admin_form_accepts_a_vin_with_spaces_and_reports_bad_input(admin_client, index):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    kia = CarMake.objects.get(name="Kia")
    data = {
        "title": "Kia Rio 1.6 AT, 2021",
        "slug": "kia-rio-admin",
        "make": kia.pk,
        "model": CarModel.objects.get(make=kia, name="Rio").pk,
        "trim": "",
        "vin": "z94 cb41aa gr 323021",
        "year": 2021,
        "mileage": 30000,
        "condition": "used",
        "body_type": BodyType.objects.get(name="Седан").pk,
        "colour": "Белый",
        "engine_volume": "1.6",
        "engine_power": 123,
        "fuel": FuelType.objects.get(name="Бензин").pk,
        "transmission": Transmission.objects.get(name="Автомат").pk,
        "drive": DriveType.objects.get(name="Передний").pk,
        "price": 1650000,
        "status": "available",
        "city": City.objects.get(name="Москва").pk,
        "gallery_images": inline_formset([]),
        "comments": inline_formset([]),
        "features": "Климат-контроль",
        "description": "",
        "action-publish": "publish",
    }
    url = f"/admin/pages/add/catalog/caradpage/{index.pk}/"
    response = admin_client.post(url, nested_form_data(data), HTTP_HOST=HOST)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    car = CarAdPage.objects.get(slug="kia-rio-admin")
    assert car.vin == "Z94CB41AAGR323021" and car.live

    bad = {**data, "slug": "kia-rio-bad", "vin": "Z94CB41AAGR323O21", "model": CarModel.objects.get(name="Camry").pk}
    response = admin_client.post(url, nested_form_data(bad), HTTP_HOST=HOST)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["vin"] == ["В VIN не бывает букв I, O и Q (их легко спутать с 1 и 0): проверьте O."]
    assert errors["model"] == ["Модель «Camry» не относится к марке «Kia»."]


def test_main_image_falls_back_to_the_first_photo(index):
    first, second = wagtail_factories.ImageFactory.create_batch(2)
    car = CarAdPageFactory.build(slug="with-photos")
    car.gallery_images = [CarAdPhoto(image=first, sort_order=0), CarAdPhoto(image=second, sort_order=1)]
    index.add_child(instance=car)
    assert car.main_image_id == first.pk
    chosen = CarAdPageFactory(parent=index, main_image=second)
    assert chosen.main_image_id == second.pk


def test_filter_options_are_cached_and_refreshed_when_a_list_changes():
    reference_choices()
    assert cache.get(CHOICES_CACHE_KEY) is not None
    CarMake.objects.create(name="Tesla", slug="tesla", sort_order=99)
    assert cache.get(CHOICES_CACHE_KEY) is None
    assert (CarMake.objects.get(slug="tesla").pk, "Tesla") in reference_choices()["make"]


# -- queries -----------------------------------------------------------------


def count_queries(client, path):
    client.get(path, HTTP_HOST=HOST)  # warm the caches (site root paths, renditions, filter options)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response.context.get("result_count", 1) > 0  # an empty list would skip the card queries
    return len(queries)


def add_ads(catalog, count, photo):
    for _ in range(count):
        car = CarAdPageFactory(parent=catalog, main_image=photo)
        CarAdPhoto.objects.create(page=car, image=photo, sort_order=0)


def test_query_counts_do_not_grow_with_the_number_of_ads(client, home, photo):
    catalog = CarIndexPageFactory(parent=home)
    add_ads(catalog, 3, photo)
    detail = path_of(CarAdPage.objects.child_of(catalog).first())
    listing = f"{path_of(catalog)}?fuel={FuelType.objects.get(name='Бензин').pk}&year_from=2012&sort=price"
    client.get(detail, HTTP_HOST=HOST)  # a visitor with a session (history of viewed ads), in both rounds
    few = {"index": count_queries(client, listing), "detail": count_queries(client, detail)}
    add_ads(catalog, 27, photo)  # two and a half pages of 12
    assert CarAdPage.objects.child_of(catalog).count() == 30
    many = {"index": count_queries(client, listing), "detail": count_queries(client, detail)}
    assert many == few, f"3 ads: {few}, 30 ads: {many}"
    assert max(many.values()) <= MAX_QUERIES, many


# -- the demo ------------------------------------------------------------------


@pytest.fixture
def demo_home():
    return Site.objects.get(hostname=DEMO_HOST).root_page.specific


@pytest.fixture
def demo_index(demo_home):
    return CarIndexPage.objects.child_of(demo_home).get(slug="cars")  # the dealers have catalogs of their own


def test_catalog_is_first_in_the_brand_menu(demo_home, demo_index):
    menu = BrandSettings.objects.get(site=demo_home.get_site()).main_menu
    first = menu.items.order_by("sort_order").first()
    assert first.link_page_id == demo_index.pk


def test_sitemap_lists_the_catalog_and_every_ad(client, demo_index):
    locs = sitemap_locations(client, DEMO_HOST)
    assert f"http://{DEMO_HOST}{path_of(demo_index)}" in locs
    assert {f"http://{DEMO_HOST}{path_of(car)}" for car in ads(demo_index)} <= locs
