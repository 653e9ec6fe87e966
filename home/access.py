"""The editors' pages: every brand site, except the agencies' rentals section (registered with accounts.access)."""

from wagtail.models import Page

from accounts import roles
from accounts.access import grant_pages
from catalog.models import RentalIndexPage
from home.models import HomePage, PortalPage

EDITOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def editor_sections():
    """The pages editors get: each site's home (every language), or its sections on a site with rentals."""
    homes = Page.objects.type(HomePage, PortalPage).filter(depth=2)
    rental_home_paths = {path[: Page.steplen * 2] for path in RentalIndexPage.objects.values_list("path", flat=True)}
    rental_keys = set(homes.filter(path__in=rental_home_paths).values_list("translation_key", flat=True))
    sections = []
    for home in homes:
        if home.translation_key in rental_keys:
            sections.extend(home.get_children().not_type(RentalIndexPage))
        else:
            sections.append(home)
    return sections


def grant_editor_pages():
    grant_pages(roles.role_group(roles.EDITOR), editor_sections(), EDITOR_PAGE_ACTIONS)
