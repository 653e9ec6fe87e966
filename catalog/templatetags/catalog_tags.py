from django import template
from django.conf import settings
from django.template.loader import select_template
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.images.shortcuts import get_renditions_or_not_found

from accounts.favorites import favorite_ids
from core.csp import allow_service

register = template.Library()


@register.simple_tag(takes_context=True)
def is_favorite(context, listing):
    request = context.get("request")
    return request is not None and listing.pk in favorite_ids(request)


@register.simple_tag(takes_context=True)
def listing_card(context, listing):
    """Render a listing's card with its own template (catalog/cards/<model>.html), or the generic one.

    Like {% include %}, the card renders within the page's context: no new context (and no context processors)
    per card."""
    card = select_template([f"catalog/cards/{listing._meta.model_name}.html", "catalog/cards/generic.html"])
    with context.push(listing=listing):
        return card.template.render(context)


@register.simple_tag
def card_image(image, spec, **attrs):
    """The <img> of `image` through the filter `spec` ("fill-400x300|format-webp"), like {% image %}; empty
    without an image.

    Wagtail 7.4's {% image %} (`get_rendition()`) writes the rendition back to the cache on every call, even one
    prefetched with the list: a cache round trip per card. `get_renditions()` skips prefetched ones (the same
    fix for `get_rendition()` is merged upstream, wagtail#14541)."""
    if not image:
        return ""
    rendition = get_renditions_or_not_found(image, [spec])[spec]
    return rendition.img_tag(attrs)


@register.simple_tag(takes_context=True)
def map_tile_attrs(context):
    """The data attributes static/js/maps.js reads the tile server from (settings.MAP_TILE_URL and its
    attribution); also lets that server's images into this page's CSP. Never inside `{% cache %}`."""
    if request := context.get("request"):
        allow_service(request, "map_tiles")
    return format_html(
        'data-tile-url="{}" data-tile-attribution="{}" data-label-zoom-in="{}" data-label-zoom-out="{}" '
        'data-label-close="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        gettext("Приблизить"),
        gettext("Отдалить"),
        gettext("Закрыть"),
    )
