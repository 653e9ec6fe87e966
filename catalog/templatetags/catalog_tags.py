from django import template
from django.template.loader import select_template

from accounts.favorites import favorite_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def is_favorite(context, listing):
    request = context.get("request")
    return request is not None and listing.pk in favorite_ids(request)


@register.simple_tag(takes_context=True)
def listing_card(context, listing):
    """Render a listing's card with its own template (catalog/cards/<model>.html), or the generic one."""
    card = select_template([f"catalog/cards/{listing._meta.model_name}.html", "catalog/cards/generic.html"])
    return card.render({"listing": listing, "request": context.get("request")}, context.get("request"))
