"""What the home page blocks know of each catalog: its index page type, the filters its search form shows, its
newest listings and its numbers.

The blocks reuse the catalogs themselves: the search form is the list page's own filter form (its fields, its
GET target, its validation), and the listings come from the index page's `listings()` with the joins its cards
need. Each block looks the index page up once per request (`index_for`)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Avg, Count, F, Min, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Locale, Page

from blog.models import BlogIndexPage, BlogPostPage
from catalog.models import (
    ApartmentPage,
    BusinessIndexPage,
    BusinessPage,
    CarAdPage,
    CarIndexPage,
    EventIndexPage,
    EventPage,
    PartnerOffer,
    RealtyIndexPage,
    RentalIndexPage,
    RentalPropertyPage,
    ResidentialComplexPage,
)
from catalog.models.partners import LOGO_RENDITIONS, now, today
from core.renditions import CARD_RENDITION
from core.restrictions import public_q

NUMBERS_TIMEOUT = 300  # seconds: the home page's numbers may lag the catalog by five minutes


@dataclass(frozen=True)
class Catalog:
    label: str
    index_model: type
    search_fields: tuple
    route: str = ""  # a sub-page of the index (the realty index lists apartments at apartments/)
    renditions: ClassVar[dict] = {"main_image": CARD_RENDITION}

    def listings(self, index):
        return index.listings()

    def newest(self, queryset):
        return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


class ComplexCatalog(Catalog):
    def listings(self, index):
        return index.complexes()


class ApartmentCatalog(Catalog):
    def listings(self, index):
        return index.apartments().filter(status=ApartmentPage.Status.AVAILABLE)


class CarCatalog(Catalog):
    def listings(self, index):
        return index.listings().exclude(status=CarAdPage.Status.SOLD).select_related("make", "model", "city")


class PartnerCatalog(Catalog):
    renditions: ClassVar[dict] = {"main_image": CARD_RENDITION, "logo": LOGO_RENDITIONS}


class EventCatalog(Catalog):
    def newest(self, queryset):
        return queryset.order_by("start", "pk")  # upcoming: the soonest first


CATALOGS = {
    "complexes": ComplexCatalog(_("Новостройки"), RealtyIndexPage, ("city", "rooms", "price_to")),
    "apartments": ApartmentCatalog(
        _("Квартиры в новостройках"), RealtyIndexPage, ("city", "rooms", "price_to"), route="apartments/"
    ),
    "cars": CarCatalog(_("Автомобили"), CarIndexPage, ("make", "model", "body_type", "price_to")),
    "rentals": Catalog(_("Посуточная аренда"), RentalIndexPage, ("check_in", "check_out", "district", "rooms")),
    "partners": PartnerCatalog(_("Партнёры клуба"), BusinessIndexPage, ("category", "city")),
    "events": EventCatalog(_("Мероприятия клуба"), EventIndexPage, ("month", "city")),
}
CATALOG_CHOICES = [(key, catalog.label) for key, catalog in CATALOGS.items()]


def _indexes(page, models):
    """{index model: its live page under the home `page`} for `models`, in one query; the pages are specific
    instances whose own fields are deferred (a catalog's `listings()` needs only the tree position). A home in
    another language without a catalog of its own shows the default language's."""
    found = page.__dict__.setdefault("_catalog_indexes", {})
    missing = [model for model in models if model not in found]
    if missing:
        content_types = ContentType.objects.get_for_models(*missing)
        by_type = {content_types[model].pk: model for model in missing}
        found.update(dict.fromkeys(missing))
        homes = [page]
        original = source_home(page)
        if original is not page:
            homes.append(original)
        for home in homes:
            pages = Page.objects.child_of(home).live().filter(public_q(), content_type_id__in=by_type).order_by("path")
            for index in pages:
                model = by_type[index.content_type_id]
                if found[model] is None:
                    found[model] = index.specific_deferred
            if all(found[model] is not None for model in missing):
                break
    return {model: found[model] for model in models}


def source_home(page):
    """The home page in the default language that `page` translates (or `page` itself)."""
    if page.locale.language_code == Locale.get_default().language_code:
        return page
    return page.get_translation_or_none(Locale.get_default()) or page


def index_for(page, kind):
    """The live index page of catalog `kind` under the home `page`, or None; looked up once per page object."""
    model = CATALOGS[kind].index_model
    return _indexes(page, [model])[model]


def search_form(index, kind, request):
    """(the list page's filter form with only the catalog's search fields, the form's GET target), or None."""
    if index is None:
        return None
    catalog = CATALOGS[kind]
    filterset = index.filterset_class(None, queryset=index.listings(), request=request)
    form = filterset.form
    fields = [form[name] for name in catalog.search_fields if name in form.fields]
    return fields, index.get_url(request) + catalog.route


def featured(index, kind, count, picks=()):
    """Up to `count` listings of `kind` in `index`: the editor's `picks` (pages) in their order, or else the
    newest; one query (their renditions are fetched with the other blocks', in `prepare`)."""
    if index is None:
        return []
    catalog = CATALOGS[kind]
    queryset = catalog.listings(index).prefetch_related(None)
    if picks:
        ids = [pick.pk for pick in picks if pick is not None][:count]
        by_id = {listing.pk: listing for listing in queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]
    return list(catalog.newest(queryset)[:count])


POST_CARD_RENDITIONS = Filter.expand_spec("format-{webp,jpeg}|fill-{400x225,800x450}")  # includes/post_card.html
# home/blocks/hero_search.html; "original" for the page's og:image (wagtailseo)
HERO_RENDITIONS = ["original", *Filter.expand_spec("format-{webp,jpeg}|width-{480,960,1440}")]


PREPARED_TIMEOUT = 120  # seconds; publishing or unpublishing any page starts afresh (`forget_prepared`)
PREPARED_VERSION_KEY = "home-blocks:version"


def forget_prepared(**kwargs):
    """A page was published or unpublished: every home page fetches its blocks' listings anew."""
    try:
        cache.incr(PREPARED_VERSION_KEY)
    except ValueError:
        cache.set(PREPARED_VERSION_KEY, 1, None)


def prepare(page, request):
    """What the blocks of the home `page` show, {id(block value): data}: fetched in bulk (one query for the
    catalogs' and the blog's index pages, one per listings block and for the posts, one for every card's
    renditions) and kept in the cache for PREPARED_TIMEOUT seconds, so a home page costs the queries of any
    other page. The search forms are built per request (their options come from the cache)."""
    stream = [child for child in page.sections if child.block_type in ("hero", "featured", "latest_posts")]
    version = cache.get(PREPARED_VERSION_KEY, 0)
    key = f"home-blocks:{page.pk}:{page.latest_revision_id}:{get_language()}:{version}"
    fetched = cache.get(key)
    if fetched is None:
        fetched = fetch(page, stream)
        cache.set(key, fetched, PREPARED_TIMEOUT)
    if fetched["hero_image"] is not None:
        page.hero_image = fetched["hero_image"]  # the hero block's fallback image, with its renditions
    data = {}
    for child in stream:
        value, found = child.value, dict(fetched["blocks"].get(child.id, {}))
        if child.block_type == "hero":
            index = fetched["indexes"].get(CATALOGS[value["catalog"]].index_model)
            found["search"] = search_form(index, value["catalog"], request)
        data[id(value)] = found
    return data


def fetch(page, stream):
    """The listings, posts and index pages of `stream`'s blocks, with their renditions: see `prepare`."""
    models = {CATALOGS[child.value["catalog"]].index_model for child in stream if child.block_type != "latest_posts"}
    if any(child.block_type == "latest_posts" for child in stream):
        models.add(BlogIndexPage)
    indexes = _indexes(page, sorted(models, key=lambda model: model.__name__))
    blocks, images = {}, []
    for child in stream:
        value = child.value
        if child.block_type == "featured":
            catalog = CATALOGS[value["catalog"]]
            index = indexes[catalog.index_model]
            listings = featured(index, value["catalog"], value["count"], value["picks"])
            blocks[child.id] = {"listings": listings, "index_url": _relative_url(index, catalog)}
            images += [
                (getattr(listing, attr), [spec]) for listing in listings for attr, spec in catalog.renditions.items()
            ]
        elif child.block_type == "latest_posts":
            blog = indexes[BlogIndexPage]
            posts = []
            if blog is not None:
                posts = list(
                    BlogPostPage.objects.live()
                    .filter(public_q())
                    .descendant_of(blog)
                    .select_related("cover_image", "author")
                    .defer_streamfields()
                    .order_by("-date")[: value["count"]]
                )
            blocks[child.id] = {"posts": posts, "blog": blog}
            images += [(post.cover_image, POST_CARD_RENDITIONS) for post in posts]
    hero_image = None
    if page.hero_image_id and any(child.block_type == "hero" and not child.value["image"] for child in stream):
        hero_image = page.hero_image
        images.append((hero_image, HERO_RENDITIONS))
    prefetch_all_renditions(images)
    return {"indexes": indexes, "blocks": blocks, "hero_image": hero_image}


def _relative_url(index, catalog):
    """The index page's address on its own site, without the host (the home page links within its site)."""
    return index.get_url(None, current_site=index.get_site()) + catalog.route if index else ""


def prefetch_all_renditions(wanted):
    """Give each image of `wanted` ([(image or None, [filter specs])]) its renditions of those specs: one query
    for all (none when no image is wanted); a missing rendition is made here, as the render would make it, so
    that what is cached has them all."""
    wanted = [(image, specs) for image, specs in wanted if image is not None]
    if not wanted:
        return
    specs = {spec for _image, image_specs in wanted for spec in image_specs}
    found = defaultdict(dict)
    rendition_model = wanted[0][0].get_rendition_model()
    renditions = rendition_model.objects.filter(
        image_id__in={image.pk for image, _specs in wanted}, filter_spec__in=specs
    )
    for rendition in renditions:
        found[rendition.image_id][rendition.filter_spec] = rendition
    for image, image_specs in wanted:
        have = found[image.pk]
        missing = [spec for spec in image_specs if spec not in have]
        if missing:
            have.update(get_renditions_or_not_found(image, missing))
        image.prefetched_renditions = list(have.values())
        for rendition in image.prefetched_renditions:
            rendition.image = image


# -- numbers -----------------------------------------------------------------------------------------------------


def _realty(home):
    complexes = ResidentialComplexPage.objects.live().filter(public_q()).descendant_of(home)
    apartments = ApartmentPage.objects.live().filter(public_q()).descendant_of(home)
    on_sale = apartments.filter(status=ApartmentPage.Status.AVAILABLE)
    values = on_sale.aggregate(apartments=Count("pk"), price_from=Min("price"), price_m2=Avg(F("price") / F("area")))
    values |= complexes.aggregate(complexes=Count("pk"), developers=Count("developer", distinct=True))
    return values


def _cars(home):
    ads = CarAdPage.objects.live().filter(public_q()).descendant_of(home).exclude(status=CarAdPage.Status.SOLD)
    return ads.aggregate(
        ads=Count("pk"),
        makes=Count("make", distinct=True),
        price_from=Min("price"),
        new=Count("pk", filter=Q(condition=CarAdPage.Condition.NEW)),
    )


def _rentals(home):
    properties = RentalPropertyPage.objects.live().filter(public_q()).descendant_of(home).filter(is_active=True)
    return properties.aggregate(
        properties=Count("pk"),
        districts=Count("district", distinct=True),
        price_from=Min("price_per_night"),
        rating=Avg("rating_avg", filter=Q(rating_count__gt=0)),
    )


def _club(home):
    partners = BusinessPage.objects.live().filter(public_q()).descendant_of(home)
    values = partners.aggregate(partners=Count("pk", distinct=True), cities=Count("city", distinct=True))
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=today())
    values["offers"] = PartnerOffer.objects.filter(current, business__in=partners.values("pk")).count()
    values["events"] = EventPage.objects.live().filter(public_q()).descendant_of(home).filter(end__gte=now()).count()
    return values


NUMBER_SOURCES = {"realty": _realty, "cars": _cars, "rentals": _rentals, "club": _club}


def numbers(home, source):
    """The aggregates of `source` over the home's catalog, cached for NUMBERS_TIMEOUT seconds."""
    key = f"home-numbers:{home.pk}:{source}"
    values = cache.get(key)
    if values is None:
        values = NUMBER_SOURCES[source](source_home(home))
        cache.set(key, values, NUMBERS_TIMEOUT)
    return values
