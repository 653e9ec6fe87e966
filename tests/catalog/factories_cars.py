"""Car ads for tests: one published ad with sane defaults; pass parent=<CarIndexPage>."""

from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from catalog.models import BodyType, CarAdPage, CarIndexPage, CarMake, CarModel, City, DriveType, FuelType, Transmission
from demo.cars import demo_vin


def ref(model, slug):
    return factory.LazyFunction(lambda: model.objects.get(slug=slug))


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
    vin = factory.Sequence(lambda n: demo_vin("Kia", 2020, 900_000 + n))
    city = ref(City, "moskva")
    features = "Климат-контроль\nПодогрев сидений"
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = CarAdPage
