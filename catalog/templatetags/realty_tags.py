"""Template helpers of the new-build catalog: money and area formats, routes of the catalog, extra JSON-LD."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catalog.models import RealtyIndexPage
from catalog.realty_services import compare_ids
from core import jsonld

register = template.Library()


@register.filter
def rub(value):
    """12 400 000 ₽"""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=0, force_grouping=True)}\u00a0₽"


@register.filter
def mln(value):
    """12,4 млн ₽ (whole roubles below a million)."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if value < 1_000_000:
        return rub(value)
    amount = number_format((value / 1_000_000).quantize(Decimal("0.1")), decimal_pos=1)
    return (_("%(amount)s млн ₽") % {"amount": amount}).replace(" ", "\u00a0")


@register.filter
def sqm(value):
    """54,3 м² (no trailing zeros)."""
    if value in (None, ""):
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    places = 0 if value == value.to_integral() else (1 if (value * 10) == (value * 10).to_integral() else 2)
    return f"{number_format(value, decimal_pos=places)}\u00a0м²"


@register.simple_tag(takes_context=True)
def realty_route(context, index_page, name, **params):
    """The address of a route of the catalog (`apartments`, `compare`, `compare_add`, ...), with GET params."""
    if index_page is None:
        return ""
    url = index_page.get_url(context.get("request")) + RealtyIndexPage.get_resolver().reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


@register.simple_tag(takes_context=True)
def realty_in_compare(context, listing):
    request = context.get("request")
    return request is not None and listing.pk in compare_ids(request)


@register.simple_tag(takes_context=True)
def realty_extra_jsonld(context, page):
    """A second JSON-LD document with the page's offer(s): Apartment and ApartmentComplex have no `offers`."""
    nodes = page.extra_ld_nodes(context.get("request"))
    return jsonld.script_tag(jsonld.graph(nodes)) if nodes else ""
