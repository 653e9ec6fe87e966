"""The catalog demos as the demo: what `seed_demo` builds per vertical, that a second run adds nothing and that
`scale=N` adds N more (moved here from the tests of the catalog)."""

import io
from datetime import timedelta

import pytest
from wagtail.models import ReferenceIndex, Site

from catalog.models import (
    ApartmentPage,
    ApartmentPriceChange,
    Bank,
    BusinessIndexPage,
    BusinessPage,
    CarAdPage,
    CarAdPhoto,
    CarIndexPage,
    City,
    EventIndexPage,
    EventPage,
    HousingClass,
    PropertyType,
    RealtyIndexPage,
    RentalIndexPage,
    RentalPropertyPage,
    ResidentialComplexPage,
)
from catalog.models import partners as catalog_partners
from catalog.models.cars import validate_vin
from demo import cars, partners, realty, rentals
from home.models import BrandSettings
from images.models import CustomImage

pytestmark = pytest.mark.django_db


def home_of(hostname):
    return Site.objects.get(hostname=hostname).root_page.specific


@pytest.fixture
def avtofamily():
    return home_of("avtofamily.localhost")


@pytest.fixture
def inback():
    return home_of("inback.localhost")


@pytest.fixture
def svoykrug():
    return home_of("svoykrug.localhost")


@pytest.fixture
def cars_index(avtofamily):
    return CarIndexPage.objects.child_of(avtofamily).get(slug="cars")  # the dealers have catalogs of their own


@pytest.fixture
def realty_index(inback):
    return RealtyIndexPage.objects.child_of(inback).get()


@pytest.fixture
def rentals_index():
    return RentalIndexPage.objects.get(slug=rentals.INDEX_SLUG, locale__language_code="ru")


@pytest.fixture
def business_index(svoykrug):
    return BusinessIndexPage.objects.child_of(svoykrug).get()


@pytest.fixture
def event_index(svoykrug):
    return EventIndexPage.objects.child_of(svoykrug).get()


def car_ads(index):
    return CarAdPage.objects.child_of(index).live()


# -- Avtofamily: cars ----------------------------------------------------------------------------------------------


def test_cars_has_100_realistic_ads_with_valid_unique_vins(cars_index):
    ads = list(car_ads(cars_index))
    assert len(ads) == cars.DEMO_COUNT
    vins = [car.vin for car in ads]
    assert len(set(vins)) == len(vins)
    for vin in vins:
        validate_vin(vin)  # raises on a bad one
    assert all(cars.FIRST_YEAR <= car.year <= cars.LAST_YEAR for car in ads)
    assert all(cars.MIN_PRICE <= car.price <= cars.MAX_PRICE for car in ads)
    assert {car.city.name for car in ads} == {"Москва", "Санкт-Петербург"}
    assert {car.status for car in ads} == set(CarAdPage.Status.values)
    assert {car.condition for car in ads} == set(CarAdPage.Condition.values)
    assert all(car.model.make_id == car.make_id for car in ads)
    assert all(car.trim is None or car.trim.model_id == car.model_id for car in ads)
    assert all(car.main_image_id and car.feature_list and car.description for car in ads)
    # a shared pool of drawn pictures: four body types in four paints, and four details (demo/cars.py)
    assert CarAdPhoto.objects.filter(page__in=ads).values("image").distinct().count() <= 20
    assert CustomImage.objects.filter(title__startswith="demo: cars-").count() == 20
    references = ReferenceIndex.get_references_for_object(ads[0]).values_list("model_path", flat=True)
    assert {"make", "model", "gallery_images.item.image"} <= set(references)


def test_cars_is_idempotent_and_scale_adds_more(avtofamily, cars_index):
    assert cars.seed(avtofamily) == 0
    assert cars.seed(avtofamily, scale=3) == 3
    assert car_ads(cars_index).count() == cars.DEMO_COUNT + 3
    assert len(set(car_ads(cars_index).values_list("vin", flat=True))) == cars.DEMO_COUNT + 3


def test_cars_vins_have_a_correct_check_digit():
    vin = cars.demo_vin("Toyota", 2019, 123_456)
    assert len(vin) == 17 and vin.endswith("123456")
    total = sum(cars.VIN_VALUES[c] * w for c, w in zip(vin, cars.VIN_WEIGHTS, strict=True)) % 11
    assert vin[8] == ("X" if total == 10 else str(total))


# -- InBack: new-build homes ------------------------------------------------------------------------------------------


def test_realty_has_complexes_apartments_history_banks_and_menu_item(inback, realty_index):
    complexes = ResidentialComplexPage.objects.child_of(realty_index)
    apartments = ApartmentPage.objects.descendant_of(realty_index)
    assert complexes.count() == 30
    assert set(complexes.values_list("city__name", flat=True)) == {"Москва", "Санкт-Петербург"}
    assert 290 <= apartments.count() <= 310
    assert set(apartments.values_list("status", flat=True)) == {"available", "reserved", "sold"}
    assert all(2 <= page.buildings.count() <= 3 for page in complexes)
    assert ApartmentPriceChange.objects.filter(apartment__in=apartments).count() > apartments.count()  # some changed
    assert Bank.objects.filter(is_active=True).count() == 4
    menu = BrandSettings.objects.get(site__root_page=inback).main_menu
    assert menu.items.order_by("sort_order").first().link_page_id == realty_index.pk


def test_realty_is_idempotent_and_scale_adds_apartments(inback, realty_index):
    assert realty.seed(inback) == 0
    before = ApartmentPage.objects.descendant_of(realty_index).count()
    created = realty.seed(inback, scale=15)
    assert ApartmentPage.objects.descendant_of(realty_index).count() == before + 15
    assert created == 15 + 2  # and two new phases («очереди») of complexes to hold them
    phase = ResidentialComplexPage.objects.child_of(realty_index).get(slug="severnaya-gavan-2")
    assert phase.available_count == ApartmentPage.objects.child_of(phase).filter(status="available").count()


# -- ЖильеGO: rentals -------------------------------------------------------------------------------------------------


def test_rentals_cover_every_district_class_and_type(rentals_index):
    listings = RentalPropertyPage.objects.descendant_of(rentals_index)  # some are in agency folders
    assert listings.count() == rentals.DEMO_COUNT
    astana = City.objects.get(slug="astana")
    assert set(listings.values_list("district", flat=True)) == set(astana.districts.values_list("pk", flat=True))
    assert set(listings.values_list("housing_class", flat=True)) == set(
        HousingClass.objects.values_list("pk", flat=True)
    )
    assert set(listings.values_list("property_type", flat=True)) == set(
        PropertyType.objects.values_list("pk", flat=True)
    )
    prices = list(listings.values_list("price_per_night", flat=True))
    assert min(prices) >= 8000 and max(prices) <= 60000 and max(prices) - min(prices) >= 40000
    assert listings.filter(rating_count__gt=0).count() > 20 and listings.filter(rating_count=0).count() > 10
    assert listings.filter(is_active=False).count() == 2
    assert all(page.main_image_id and page.photos.count() >= 2 for page in listings)
    assert listings.filter(amenities__slug="wi-fi").distinct().count() > 30
    brand = BrandSettings.objects.get(site__hostname="zhilego.localhost")
    assert brand.main_menu.items.order_by("sort_order").first().link_page_id == rentals_index.pk


def test_rentals_seeding_again_creates_nothing_and_scale_adds_more(rentals_index):
    home = rentals_index.get_parent().specific
    assert rentals.seed(home, stdout=io.StringIO()) == 0
    before = RentalPropertyPage.objects.child_of(rentals_index).count()
    assert rentals.seed(home, scale=3) == 3
    assert RentalPropertyPage.objects.child_of(rentals_index).count() == before + 3
    assert rentals.seed(home) == 0


# -- «Свой Круг»: partners and events ---------------------------------------------------------------------------------


def test_partners_has_the_five_partners_and_a_dozen_events(business_index, event_index):
    businesses = {page.title: page for page in BusinessPage.objects.child_of(business_index).live().specific()}
    assert {
        title: page.category.name
        for title, page in businesses.items()
        if title in {b["title"] for b in partners.BUSINESSES}
    } == {
        "Skinerica": "Косметология",
        "Лисичкино": "Гастромаркет",
        "Стим Центр": "Стоматология",
        "Миндаль": "Салон красоты",
        "Миллениум": "Медицинский центр",
    }
    for page in businesses.values():
        assert page.city.name == "Москва" and page.address and page.phone and page.logo and page.main_image
        assert page.opening_hours.exists()
        assert 1 <= len(page.current_offers) <= 3
    events = list(EventPage.objects.child_of(event_index).live())
    assert len(events) == 12
    assert any(event.is_past for event in events) and any(not event.is_past for event in events)
    assert min(event.start for event in events) < catalog_partners.now() - timedelta(days=50)
    assert max(event.start for event in events) > catalog_partners.now() + timedelta(days=80)
    assert [event.status for event in events].count(EventPage.Status.CANCELLED) == 1
    assert [event.attendance_mode for event in events].count(EventPage.AttendanceMode.ONLINE) == 1
    assert any(event.is_free for event in events) and any(not event.is_free for event in events)
    assert len({tuple(event.allowed_tiers) for event in events}) >= 4


def test_partners_is_idempotent_and_scale_adds_more(svoykrug, business_index, event_index):
    assert partners.seed(svoykrug) == 0
    businesses = BusinessPage.objects.child_of(business_index).count()
    events = EventPage.objects.child_of(event_index).count()
    assert partners.seed(svoykrug, scale=3) == 6
    assert BusinessPage.objects.child_of(business_index).live().count() == businesses + 3
    assert EventPage.objects.child_of(event_index).live().count() == events + 3
    assert partners.seed(svoykrug, scale=2) == 4  # numbering continues, nothing collides
    assert partners.seed(svoykrug) == 0


def test_partners_offer_dates_are_relative_to_today():
    skinerica = BusinessPage.objects.get(slug="skinerica", locale__language_code="ru")
    dates = [offer.valid_until for offer in skinerica.offers.all() if offer.valid_until]
    assert any(day < catalog_partners.today() for day in dates) and any(day > catalog_partners.today() for day in dates)
