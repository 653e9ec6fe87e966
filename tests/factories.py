"""A site of the test's own (a brand home page under Wagtail's root, served on its own host) and listings on it.
Nothing of the demo's sites (their pages, managers or leads) reaches a test that uses them."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from catalog.models import City, Developer, RealtyIndexPage
from home.models import HomePage
from tests.catalog.factories_realty import ApartmentPageFactory, ResidentialComplexPageFactory


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тестовый сайт {n}")
    slug = factory.Sequence(lambda n: f"test-site-{n}")
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class SiteFactory(wagtail_factories.SiteFactory):
    hostname = factory.Sequence(lambda n: f"site{n}.localhost")  # ALLOWED_HOSTS takes .localhost
    port = 80
    site_name = factory.Sequence(lambda n: f"Тестовый сайт {n}")
    root_page = factory.SubFactory(HomePageFactory)
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


class RealtyIndexPageFactory(wagtail_factories.PageFactory):
    """The new-build catalog; pass parent=<HomePage>."""

    title = "Новостройки"
    slug = factory.Sequence(lambda n: f"novostroyki-{n}")

    class Meta:
        model = RealtyIndexPage


def apartment_on(site, *, developer=None, **fields):
    """A live apartment (10 000 000 ₽) in a new complex of `developer` (a new one by default) in the site's
    catalog (made on the first call)."""
    index = RealtyIndexPage.objects.child_of(site.root_page).first() or RealtyIndexPageFactory(parent=site.root_page)
    complex_page = ResidentialComplexPageFactory(
        parent=index, city=CityFactory(), developer=developer or DeveloperFactory()
    )
    return ApartmentPageFactory(parent=complex_page, **fields)
