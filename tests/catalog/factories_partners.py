"""Factories for «Свой Круг» businesses and events; pass parent=<index page>."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories

from catalog.models import BusinessCategory, BusinessPage, City, EventPage, partners
from catalog.models.events import all_tiers


def city(slug="moskva"):
    return City.objects.get(slug=slug)


class BusinessPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тестовый партнёр {n}")
    slug = factory.Sequence(lambda n: f"test-partner-{n}")
    category = factory.LazyFunction(lambda: BusinessCategory.objects.get(slug="kosmetologiya"))
    city = factory.LazyFunction(city)
    address = "ул. Тестовая, 1"
    description = "Тестовый партнёр клуба для проверки списка."

    class Meta:
        model = BusinessPage


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
