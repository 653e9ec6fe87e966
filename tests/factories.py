"""A site of the test's own (a brand home page under Wagtail's root, served on its own host) and listings on it.
Nothing of the demo's sites (their pages, managers or leads) reaches a test that uses them."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from catalog.models import City, Developer, District, HousingClass, PropertyType, RealtyIndexPage, RentalIndexPage
from tests.catalog.factories import (
    ApartmentPageFactory,
    RealtyIndexPageFactory,
    RentalPropertyPageFactory,
    ResidentialComplexPageFactory,
)
from tests.home.factories import HomePageFactory


class SiteFactory(wagtail_factories.SiteFactory):
    hostname = factory.Sequence(lambda n: f"site{n}.localhost")  # ALLOWED_HOSTS takes .localhost
    port = 80
    site_name = factory.Sequence(lambda n: f"Тестовый сайт {n}")
    root_page = factory.SubFactory(HomePageFactory, parent=factory.LazyFunction(Page.get_first_root_node))
    is_default_site = False

    class Meta:
        model = Site


# -- listings ------------------------------------------------------------------------------------------------------


class CityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Город {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")

    class Meta:
        model = City


class DeveloperFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Застройщик {n}")
    slug = factory.Sequence(lambda n: f"developer-{n}")

    class Meta:
        model = Developer


def apartment_on(site, *, developer=None, **fields):
    """A live apartment (10 000 000 ₽) in a new complex of `developer` (a new one by default) in the site's
    catalog (made on the first call)."""
    index = RealtyIndexPage.objects.child_of(site.root_page).first() or RealtyIndexPageFactory(parent=site.root_page)
    complex_page = ResidentialComplexPageFactory(
        parent=index, city=CityFactory(), developer=developer or DeveloperFactory()
    )
    return ApartmentPageFactory(parent=complex_page, **fields)


def rentals_index(site):
    """The site's rentals section, made on the first call."""
    index = RentalIndexPage.objects.child_of(site.root_page).first()
    return index or site.root_page.add_child(instance=RentalIndexPage(title="Аренда", slug="arenda"))


def rental_references():
    """A city with a district, a housing class and a property type of the test's own, for rental listings."""
    city = City.objects.get_or_create(slug="test-city", defaults={"name": "Тестоград", "country": "KZ"})[0]
    return {
        "city": city,
        "district": District.objects.get_or_create(city=city, slug="centr", defaults={"name": "Центр"})[0],
        "housing_class": HousingClass.objects.get_or_create(slug="test-class", defaults={"name": "Тестовый"})[0],
        "property_type": PropertyType.objects.get_or_create(slug="test-type", defaults={"name": "Тестовый тип"})[0],
    }


def rental_on(site, *, parent=None, **fields):
    """A live rental listing in the site's rentals section (or under `parent`, an agency's folder, say)."""
    return RentalPropertyPageFactory(parent=parent or rentals_index(site), **{**rental_references(), **fields})
