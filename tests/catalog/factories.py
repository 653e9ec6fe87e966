"""Catalog pages for tests, each published with sane defaults: pass parent=<its index page>.

Reference lists (cities, makes, categories...) come from the catalog's data migration, not the demo."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from catalog.models import (
    ApartmentPage,
    BodyType,
    Building,
    BusinessCategory,
    BusinessIndexPage,
    BusinessPage,
    CarAdPage,
    CarIndexPage,
    CarMake,
    CarModel,
    City,
    DriveType,
    EventIndexPage,
    EventPage,
    FuelType,
    HousingClass,
    PropertyType,
    RealtyIndexPage,
    RentalIndexPage,
    RentalPhoto,
    RentalPropertyPage,
    ResidentialComplexPage,
    Transmission,
    partners,
)
from catalog.models.events import all_tiers


def ref(model, slug):
    return factory.LazyFunction(lambda: model.objects.get(slug=slug))


def city(slug="moskva"):
    return City.objects.get(slug=slug)


# -- Avtofamily: cars --------------------------------------------------------------


class CarIndexPageFactory(wagtail_factories.PageFactory):
    title = "Тестовый каталог"
    slug = factory.Sequence(lambda n: f"test-cars-{n}")

    class Meta:
        model = CarIndexPage


class CarAdPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kia Rio 1.6 AT, 2020 (тест {n})")
    slug = factory.Sequence(lambda n: f"test-car-{n}")
    make = ref(CarMake, "kia")
    model = factory.LazyAttribute(lambda ad: CarModel.objects.get(make=ad.make, slug="rio"))
    year = 2020
    mileage = 45_000
    price = Decimal("1450000")
    body_type = ref(BodyType, "sedan")
    fuel = ref(FuelType, "benzin")
    transmission = ref(Transmission, "avtomat")
    drive = ref(DriveType, "peredniy")
    engine_volume = Decimal("1.6")
    engine_power = 123
    colour = "Белый"
    vin = factory.Sequence(lambda n: f"XTA21099{n:09d}")  # well-formed; the check digit is not verified
    city = ref(City, "moskva")
    features = "Климат-контроль\nПодогрев сидений"
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = CarAdPage


# -- «Свой Круг»: partner businesses and club events -------------------------------


class BusinessIndexPageFactory(wagtail_factories.PageFactory):
    title = "Партнёры клуба"
    slug = "partners"

    class Meta:
        model = BusinessIndexPage


class BusinessPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тестовый партнёр {n}")
    slug = factory.Sequence(lambda n: f"test-partner-{n}")
    category = ref(BusinessCategory, "kosmetologiya")
    city = factory.LazyFunction(city)
    address = "ул. Тестовая, 1"
    description = "Тестовый партнёр клуба для проверки списка."

    class Meta:
        model = BusinessPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Мероприятия"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тестовое мероприятие {n}")
    slug = factory.Sequence(lambda n: f"test-event-{n}")
    start = factory.LazyFunction(lambda: partners.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=3))
    place_name = "Клубное пространство"
    address = "ул. Остоженка, 25"
    city = factory.LazyFunction(city)
    capacity = 10
    price = Decimal(0)
    allowed_tiers = factory.LazyFunction(all_tiers)
    description = "Тестовое мероприятие клуба."

    class Meta:
        model = EventPage


# -- InBack: new-build complexes and apartments --------------------------------------


class RealtyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Новостройки"
    slug = "novostroyki"

    class Meta:
        model = RealtyIndexPage


class ResidentialComplexPageFactory(wagtail_factories.PageFactory):
    """A published complex with one building (pass buildings=[{...}, ...] for others); parent=<RealtyIndexPage>."""

    title = factory.Sequence(lambda n: f"Тестовый квартал {n}")
    slug = factory.Sequence(lambda n: f"test-complex-{n}")
    city = factory.LazyFunction(city)
    address = "ул. Тестовая, 1"
    completion_year = 2027
    completion_quarter = 2

    class Meta:
        model = ResidentialComplexPage
        skip_postgeneration_save = True

    @factory.post_generation
    def buildings(self, create, extracted, **kwargs):
        if create:
            specs = extracted or [{"name": "Корпус 1", "floors": 10, "sections": 2}]
            for position, spec in enumerate(specs):
                Building.objects.create(complex=self, sort_order=position, **spec)
            self.save_revision().publish()


class ApartmentPageFactory(wagtail_factories.PageFactory):
    """A published apartment in the first building of its complex; parent=<ResidentialComplexPage>."""

    title = factory.Sequence(lambda n: f"Квартира для проверки {n}")
    slug = factory.Sequence(lambda n: f"test-apartment-{n}")
    building = factory.LazyAttribute(lambda obj: Building.objects.filter(complex_id=obj.parent.pk).first())
    section = 1
    floor = 2
    number = factory.Sequence(lambda n: 5000 + n)
    rooms = 1
    area = Decimal("40.00")
    price = Decimal("10000000")
    status = ApartmentPage.Status.AVAILABLE

    class Meta:
        model = ApartmentPage
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create:
            self.save_revision().publish()


# -- ЖильеGO: daily rentals ----------------------------------------------------------


class RentalIndexPageFactory(wagtail_factories.PageFactory):
    title = "Квартиры посуточно"
    slug = "kvartiry"

    class Meta:
        model = RentalIndexPage


class RentalPropertyPageFactory(wagtail_factories.PageFactory):
    """A live two-room apartment in Astana's Yesil district; pass parent=<RentalIndexPage>."""

    title = factory.Sequence(lambda n: f"Тестовая квартира {n}")
    slug = factory.Sequence(lambda n: f"test-kvartira-{n}")
    city = factory.LazyFunction(lambda: city("astana"))
    district = factory.LazyAttribute(lambda page: page.city.districts.get(slug="esilskiy"))
    housing_class = ref(HousingClass, "komfort")
    property_type = ref(PropertyType, "kvartira")
    rooms = 2
    street = "улица Сыганак"
    house = "29"
    floor = 5
    total_floors = 12
    area = Decimal("54.5")
    sleeping_places = 4
    description = "<p>Светлая квартира для проверки.</p>"
    house_rules = "Не курить\nБез вечеринок"
    price_per_night = Decimal("20000")
    latitude = Decimal("51.128000")
    longitude = Decimal("71.430000")
    realtor_phone = "+7 701 555-12-34"
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = RentalPropertyPage


class RentalPhotoFactory(factory.django.DjangoModelFactory):
    page = None
    image = factory.SubFactory(wagtail_factories.ImageFactory)
    caption = "Гостиная"
    sort_order = factory.Sequence(int)

    class Meta:
        model = RentalPhoto
