"""Which pages the API serves: the live, public pages of the request's site (by its host), in the site's own
language (its home's tree). Accept-Language chooses the language of the messages, not of the content."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from wagtail.models import Site

from catalog.models import CarIndexPage


def site_root(request):
    """The home page whose tree the request reads (cached on the request)."""
    django_request = getattr(request, "_request", request)
    if not hasattr(django_request, "api_root"):
        site = Site.find_for_request(django_request)
        django_request.api_root = site.root_page if site is not None else None
    return django_request.api_root


def live_in_site(request, model):
    """The live, public pages of `model` in the request's site and language (none on a host without a site)."""
    root = site_root(request)
    if root is None:
        return model.objects.none()
    return model.objects.live().public().filter(path__startswith=root.path)


def in_site(request, model):
    """Every page of `model` in the site, drafts and hidden ones too (for the partners' writes)."""
    root = site_root(request)
    if root is None:
        return model.objects.none()
    return model.objects.filter(path__startswith=root.path, locale_id=root.locale_id)


def car_index(request):
    """The site's car catalog, where new ads go."""
    root = site_root(request)
    index = CarIndexPage.objects.child_of(root).first() if root is not None else None
    if index is None:
        raise NotFound(_("На этом сайте нет каталога автомобилей."))
    return index


__all__ = ["car_index", "in_site", "live_in_site", "site_root"]
