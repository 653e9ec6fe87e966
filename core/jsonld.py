"""Schema.org JSON-LD as plain dicts: pages build them, one template tag prints them."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

SCHEMA_CONTEXT = "https://schema.org"


def breadcrumb_list(crumbs):
    """crumbs: (name, absolute url) pairs, from the site root down to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def image_object(url, width=None, height=None):
    node = {"@type": "ImageObject", "url": url}
    if width and height:
        node.update(width=width, height=height)
    return node


def postal_address(street="", locality="", region="", postal_code="", country=""):
    fields = {
        "streetAddress": street,
        "addressLocality": locality,
        "addressRegion": region,
        "postalCode": postal_code,
        "addressCountry": country,
    }
    return {"@type": "PostalAddress", **{key: value for key, value in fields.items() if value}}


def graph(nodes):
    """One JSON-LD document holding every node of the page."""
    return {"@context": SCHEMA_CONTEXT, "@graph": [node for node in nodes if node]}


def script_tag(data):
    """A <script type="application/ld+json"> element; the JSON is escaped so no tag can close it early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
