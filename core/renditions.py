"""Listing cards fetch their image renditions in one query, whatever the vertical.

The card templates ask for `CARD_RENDITION` ({% card_image %}); Wagtail finds a rendition among an image's
`prefetched_renditions` without a query, so a list page costs the same number of queries for 10 cards or 200."""

from collections import defaultdict

from django.db.models import Prefetch
from wagtail.images import get_image_model

CARD_RENDITION = "fill-400x300|format-webp"


def card_renditions(image_field="main_image", spec=CARD_RENDITION):
    """A prefetch for a queryset of pages: the card renditions of their `image_field`."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=spec)
    return Prefetch(f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions")


def prefetch_renditions(pages, specs):
    """The same for pages already fetched (a page of results); specs: {image attribute: filter spec}."""
    images = [image for page in pages for attr in specs if (image := getattr(page, attr)) is not None]
    if not images:
        return
    found = defaultdict(list)
    for rendition in (
        images[0]
        .get_rendition_model()
        .objects.filter(image_id__in={image.pk for image in images}, filter_spec__in=set(specs.values()))
    ):
        found[rendition.image_id].append(rendition)
    for image in images:
        image.prefetched_renditions = found[image.pk]
        for rendition in image.prefetched_renditions:
            rendition.image = image
