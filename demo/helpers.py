"""What every demo builder does: store a drawn image once, with its renditions made ahead; add a page once;
find or publish a brand's index page; put pages in the brand's main menu.

Each returns whether it created something, so the builders can count what they made (and a second run makes
nothing)."""

from io import BytesIO

from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from wagtail.images.models import Filter
from wagtail.models import Collection

from home.models import BrandSettings, NavigationMenuItem
from images.models import CustomImage

DEMO_PREFIX = "demo:"  # demo image titles start with it, so the demo images are easy to find and remove
COLLECTION = "Демо"
CREDIT = "Демо-иллюстрация"


def _specs(*patterns):
    return tuple(spec for pattern in patterns for spec in Filter.expand_spec(pattern))


# Every rendition the templates and the page metadata ask for, by the role of the image. A page render then
# never makes one; tests/demo/test_renditions.py renders a page of each type to keep these in step.
# "original": the og:image and JSON-LD image (wagtailseo's seo_image_url).
PHOTO_RENDITIONS = _specs(
    "original",
    "fill-400x300|format-webp",  # listing cards, the realty comparison
    "format-{webp,jpeg}|width-{400,800,1200}",  # detail pages' {% picture %}; format-jpeg|width-1200 in JSON-LD
    "fill-160x120|format-webp",  # the gallery's thumbnails (includes/gallery.html)
)
CAR_PHOTO_RENDITIONS = PHOTO_RENDITIONS
BLOG_COVER_RENDITIONS = _specs(
    "original",
    "format-{webp,jpeg}|width-{480,800,1200}",  # the post
    "format-{webp,jpeg}|fill-{400x225,800x450}",  # the post cards
)
HERO_RENDITIONS = _specs("original", "format-{webp,jpeg}|width-{480,960,1440}")
BRAND_LOGO_RENDITIONS = _specs(
    "height-48|format-webp",  # the header
    "height-96|format-webp",  # the portal's brand cards
    "height-112",  # the organisation's JSON-LD logo
)
PARTNER_LOGO_RENDITIONS = _specs("original", "fill-96x96|format-webp")


def demo_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=COLLECTION).first() or root.add_child(name=COLLECTION)


def ensure_image(key, draw, *, filename, description, renditions=PHOTO_RENDITIONS):
    """The demo image `key`, stored once from what `draw()` returns (a demo.images.Picture, whose focal box
    guides the crops, or bytes), with `renditions` made ahead (also for an image stored before, which may lack
    some). Returns (image, created)."""
    title = f"{DEMO_PREFIX} {key}"
    image = CustomImage.objects.filter(title=title).first()
    created = image is None
    if created:
        image = CustomImage(title=title, description=description, credit=CREDIT, collection=demo_collection())
        drawn = draw()
        data = getattr(drawn, "data", drawn)
        image.file = ImageFile(BytesIO(data), name=filename)
        focal = getattr(drawn, "focal", None)
        if focal:
            image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = (
                focal[0] + focal[2] // 2,
                focal[1] + focal[3] // 2,
                focal[2],
                focal[3],
            )
        image.save()
    image.get_renditions(*renditions)
    return image, created


def publish_child(parent, page, *, revision=True):
    """Add `page` under `parent` unless a child has its slug; returns (the stored page, created).

    Without `revision` the page goes live with no history (faster, for listings; editing it starts one)."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing:
        return existing, False
    if revision:
        parent.add_child(instance=page)
        page.save_revision().publish()
    else:
        page.first_published_at = page.last_published_at = timezone.now()
        parent.add_child(instance=page)
    return page, True


def ensure_index(home, index):
    """The brand's index page of `index`'s type under `home`, or else `index`, published there. (page, created)"""
    existing = type(index).objects.child_of(home).first()
    if existing:
        return existing, False
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def add_to_menu(home, *pages, link_text=""):
    """Put `pages` first, in this order, in the main menu of the brand whose home is `home`, unless they are in it
    already; returns how many were added."""
    brand = BrandSettings.objects.filter(site__root_page=home).select_related("main_menu").first()
    menu = brand.main_menu if brand else None
    if menu is None:
        return 0
    present = set(menu.items.values_list("link_page_id", flat=True))
    missing = [page for page in pages if page.pk not in present]
    if missing:
        menu.items.update(sort_order=F("sort_order") + len(missing))
        for order, page in enumerate(missing):
            NavigationMenuItem.objects.create(menu=menu, link_page=page, link_text=link_text, sort_order=order)
    return len(missing)
