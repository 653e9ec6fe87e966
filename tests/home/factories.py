"""Brand sites for tests: a home page served at its own host, with its brand settings."""

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from home.models import BrandSettings, HomePage, NavigationMenu, NavigationMenuItem, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Тестовый бренд {n}")
    slug = factory.Sequence(lambda n: f"test-brand-{n}")
    intro = "Бренд для проверки."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Страница {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    class Meta:
        model = StandardPage


def brand_home(hostname="brand.localhost", name="Тестовый бренд", **brand):
    """The home page of a new brand site at `hostname`; keyword arguments go to its BrandSettings."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title=name)
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    BrandSettings.objects.update_or_create(site=site, defaults={"name": name, **brand})
    return home


def main_menu(home, *pages):
    """Make `pages` the brand's main menu, in this order."""
    menu = NavigationMenu.objects.create(name=f"Меню {home.title}")
    for position, page in enumerate(pages):
        NavigationMenuItem.objects.create(menu=menu, link_page=page, sort_order=position)
    brand = BrandSettings.for_site(home.get_site())
    brand.main_menu = menu
    brand.save()
    return menu


def translate(page, language_code, title):
    """Publish a translation of `page` into `language_code` (its locale created if missing)."""
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    translation = page.copy_for_translation(locale)
    translation.title = title
    translation.save_revision().publish()
    return translation
