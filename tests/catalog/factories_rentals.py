from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from catalog.models import City, HousingClass, PropertyType, RentalPhoto, RentalPropertyPage


class RentalPropertyPageFactory(wagtail_factories.PageFactory):
    """A live two-room apartment in Astana's Yesil district; pass parent=<RentalIndexPage>."""

    title = factory.Sequence(lambda n: f"Тестовая квартира {n}")
    slug = factory.Sequence(lambda n: f"test-kvartira-{n}")
    city = factory.LazyFunction(lambda: City.objects.get(slug="astana"))
    district = factory.LazyAttribute(lambda page: page.city.districts.get(slug="esilskiy"))
    housing_class = factory.LazyFunction(lambda: HousingClass.objects.get(slug="komfort"))
    property_type = factory.LazyFunction(lambda: PropertyType.objects.get(slug="kvartira"))
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
