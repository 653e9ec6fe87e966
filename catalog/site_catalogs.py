"""Which catalogs a site has (realty, rentals, cars, partners): what a brand sells, for pages outside the page
tree that put that brand's things first (the cabinet's sections)."""

from wagtail.models import Page, Site

from catalog.models import ListingIndexPage


def catalog_models(request) -> set:
    """The catalog index page classes under the request's site, looked up once per request."""
    if not hasattr(request, "_catalog_models"):
        site = Site.find_for_request(request)
        pages = Page.objects.descendant_of(site.root_page).type(ListingIndexPage) if site else Page.objects.none()
        content_types = {page.content_type for page in pages.live().select_related("content_type")}
        request._catalog_models = {content_type.model_class() for content_type in content_types}
    return request._catalog_models


def site_has_catalog(request, model) -> bool:
    return any(issubclass(found, model) for found in catalog_models(request) if found)
