"""What a car ad looks like on another platform: the text and the photos (integrations.crossposting.Listing)."""

from django.utils.translation import gettext as _

from catalog.models import CarAdPage
from integrations.crossposting import Listing, Photo

MAX_PHOTOS = 10  # Telegram's media group and VK's attachments take at most ten
PHOTO_FILTER = "max-1280x1280|format-jpeg"
DESCRIPTION_CHARS = 600


def load_ad(ad_id):
    return CarAdPage.objects.get(pk=ad_id)


def ad_text(ad, url):
    price = f"{ad.price:,.0f}".replace(",", " ")
    mileage = f"{ad.mileage:,}".replace(",", " ")
    lines = [
        f"{ad.name} — {price} ₽",
        _("Пробег %(mileage)s км · %(city)s") % {"mileage": mileage, "city": ad.city.name},
        ad.spec_line,
    ]
    if ad.description:
        description = ad.description.strip()
        if len(description) > DESCRIPTION_CHARS:
            description = description[: DESCRIPTION_CHARS - 1].rstrip() + "…"
        lines += ["", description]
    if url:
        lines += ["", url]
    return "\n".join(line for line in lines if line is not None)


def ad_photos(ad, base_url):
    images = []
    if ad.main_image_id:
        images.append(ad.main_image)
    for photo in ad.gallery_images.select_related("image"):
        if photo.image_id != ad.main_image_id:
            images.append(photo.image)
    photos = []
    for image in images[:MAX_PHOTOS]:
        rendition = image.get_rendition(PHOTO_FILTER)
        with rendition.file.open("rb") as file:
            content = file.read()
        url = rendition.url if rendition.url.startswith("http") else f"{base_url}{rendition.url}"
        photos.append(Photo(name=f"photo-{image.pk}.jpg", content=content, url=url))
    return photos


def listing_for(ad, platform, attempt=0):
    """`key` names this send: a platform that dedupes by it (VK's guid) drops a repeat of the same attempt, while
    a send after a reconcile found no post is a new attempt and a new post."""
    site = ad.get_site()
    base_url = site.root_url if site else ""
    url = ad.get_full_url() or ""
    return Listing(
        key=f"carad-{ad.pk}-{platform}-{attempt}", text=ad_text(ad, url), url=url, photos=ad_photos(ad, base_url)
    )
