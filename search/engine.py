"""Finding pages: Wagtail's search (PostgreSQL full-text with the Russian stemmer, or OpenSearch) over the query in
both scripts, titles compared by trigrams of their transliteration skeleton for typos and «Камри» → Camry,
facets by kind and city, and the suggestions of the search box.

Every function works on one site's live public pages in the current language (`site_pages`). A search returns
at most `MAX_HITS` pages as light `Page` rows; only the page of results shown is loaded as specific pages
(`load_cards`), in one query per page type, so the SQL does not grow with the number of results."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Prefetch, Value, prefetch_related_objects
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.query import Fuzzy, Or, PlainText

from catalog.models import (
    ApartmentPage,
    BusinessPage,
    CarAdPage,
    City,
    EventPage,
    ListingPage,
    RentalPropertyPage,
    ResidentialComplexPage,
)
from search.translit import SKELETON_FROM, SKELETON_TO, skeleton, variants

MAX_HITS = 300  # a search ranks this many pages at most; facets count within them
TYPO_SEARCH_BELOW = 12  # the trigram search runs when the full-text search finds fewer pages than this (a page)
WORD_SIMILARITY = 0.4  # pg_trgm word similarity of the query's skeleton to a title's (its default is 0.6)
SUGGESTIONS = 8
MIN_SUGGEST_LENGTH = 2


@dataclass(frozen=True)
class Kind:
    """A facet «type»: one or more page models under one label; `city` is the path to the listing's city."""

    key: str
    label: str
    models: tuple
    city: str = ""


KINDS = (
    Kind("complexes", _("Жилые комплексы"), (ResidentialComplexPage,), "city"),
    Kind("apartments", _("Квартиры"), (ApartmentPage,), "complex__city"),
    Kind("cars", _("Автомобили"), (CarAdPage,), "city"),
    Kind("rentals", _("Посуточная аренда"), (RentalPropertyPage,), "city"),
    Kind("partners", _("Партнёры клуба"), (BusinessPage,), "city"),
    Kind("events", _("Мероприятия"), (EventPage,), "city"),
    Kind("articles", _("Статьи"), ()),  # filled below: the blog's posts
    Kind("pages", _("Страницы"), ()),  # everything else
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def _kind_of_model(model):
    for kind in KINDS:
        if model in kind.models:
            return kind
    if model._meta.label_lower == "blog.blogpostpage":
        return KIND_BY_KEY["articles"]
    return KIND_BY_KEY["pages"]


# -- scope and backend ---------------------------------------------------------------------------------------------


def site_pages(site):
    """The live public pages of `site` in the current language."""
    home = site.root_page.localized
    return Page.objects.live().public().descendant_of(home, inclusive=True)


def backend_name():
    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]


def uses_search_server():
    """OpenSearch/Elasticsearch: typos are its own fuzzy query, not pg_trgm."""
    return "elasticsearch" in backend_name() or "opensearch" in backend_name()


def uses_trigrams():
    return connection.vendor == "postgresql" and not uses_search_server()


class Skeleton(Func):
    """The title's skeleton in SQL, the very expression the trigram index of migration 0002 holds."""

    function = "translate"
    output_field = CharField()

    def __init__(self, expression):
        super().__init__(expression, Value(SKELETON_FROM), Value(SKELETON_TO))


# -- search --------------------------------------------------------------------------------------------------------


def clean_query(raw, max_length):
    # A NUL byte cannot reach PostgreSQL's text search, and SQLite's (FTS5) reads a double quote in a word as
    # syntax; the search takes plain words, so neither means anything in a query.
    return " ".join(raw.replace("\x00", "").replace('"', " ").split())[:max_length]


def _full_text_query(query):
    parts = [PlainText(variant) for variant in variants(query)]
    if uses_search_server():
        parts.append(Fuzzy(query))
    return parts[0] if len(parts) == 1 else Or(parts)


def _typo_matches(pages, query, exclude, limit):
    """Pages whose title's skeleton holds the query's (a typo, the other script); the best first."""
    wanted = skeleton(query)
    if len(wanted) < 3:
        return []
    with transaction.atomic():
        with connection.cursor() as cursor:
            # SET LOCAL: for this transaction only; `%>` below uses the index at this threshold
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY])
        matches = (
            pages.exclude(pk__in=exclude)
            .filter(TrigramWordSimilar(Skeleton(F("title")), Value(wanted)))
            .annotate(similarity=TrigramWordSimilarity(Value(wanted), Skeleton(F("title"))))
            .order_by("-similarity", "path")
            .only("pk", "content_type_id", "title", "path", "url_path")[:limit]
        )
        return list(matches)


def find(site, query):
    """The pages of `site` matching `query`, the most relevant first (at most MAX_HITS)."""
    pages = site_pages(site)
    hits = list(pages.search(_full_text_query(query))[:MAX_HITS])
    if len(hits) < TYPO_SEARCH_BELOW and uses_trigrams():
        hits += _typo_matches(pages, query, [hit.pk for hit in hits], MAX_HITS - len(hits))
    return hits


# -- facets --------------------------------------------------------------------------------------------------------


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Results:
    hits: list  # light Page rows, filtered by the chosen kind and city
    kinds: list = field(default_factory=list)
    cities: list = field(default_factory=list)
    total: int = 0  # before the kind and city filters
    capped: bool = False


def _city_slugs(hits):
    """{page id: city slug} for the hits whose kind has a city; one query per such kind and one for the cities."""
    ids_by_kind = defaultdict(list)
    for hit in hits:
        ids_by_kind[hit.kind.key].append(hit.pk)
    city_ids = {}
    for key, ids in ids_by_kind.items():
        kind = KIND_BY_KEY[key]
        if kind.city:
            model = kind.models[0]
            city_ids.update(model.objects.filter(pk__in=ids).values_list("pk", f"{kind.city}_id"))
    cities = City.objects.filter(pk__in={pk for pk in city_ids.values() if pk}).only("pk", "slug", "name")
    by_id = {city.pk: city for city in cities}
    return {page_id: by_id[city_id] for page_id, city_id in city_ids.items() if city_id in by_id}


def label_kinds(pages):
    """Set each page's `kind` from its content type (cached by Django: no query)."""
    for page in pages:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        page.kind = _kind_of_model(model or Page)
    return pages


def facet(hits, kind_key="", city_slug=""):
    """Filter `hits` by kind and city and count both facets: each facet counts within the other's choice."""
    label_kinds(hits)
    city_of = _city_slugs(hits)
    kind_key = kind_key if kind_key in KIND_BY_KEY else ""
    in_city = [hit for hit in hits if not city_slug or (hit.pk in city_of and city_of[hit.pk].slug == city_slug)]
    of_kind = [hit for hit in hits if not kind_key or hit.kind.key == kind_key]
    kind_counts = Counter(hit.kind.key for hit in in_city)
    city_counts = Counter(city_of[hit.pk].slug for hit in of_kind if hit.pk in city_of)
    city_names = {city.slug: city.name for city in city_of.values()}
    return Results(
        hits=[hit for hit in in_city if not kind_key or hit.kind.key == kind_key],
        kinds=[
            Facet(kind.key, kind.label, kind_counts[kind.key], kind.key == kind_key)
            for kind in KINDS
            if kind_counts[kind.key]
        ],
        cities=sorted(
            (Facet(slug, city_names[slug], count, slug == city_slug) for slug, count in city_counts.items()),
            key=lambda item: (-item.count, item.label),
        ),
        total=len(hits),
        capped=len(hits) >= MAX_HITS,
    )


# -- cards ---------------------------------------------------------------------------------------------------------

# What a card shows besides the listing's own references (fetched for every many-to-one field).
CARD_PREFETCH = {
    ApartmentPage: ("complex__city", "complex__district"),
    BusinessPage: ("offers",),
}


def load_cards(hits):
    """The specific pages of `hits`, in their order, with everything their cards show fetched in bulk."""
    ids = [hit.pk for hit in hits]
    pages = list(Page.objects.filter(pk__in=ids).specific())
    by_class = defaultdict(list)
    for page in pages:
        by_class[type(page)].append(page)
    for model, instances in by_class.items():
        references = [
            field.name
            for field in model._meta.get_fields()
            if field.many_to_one and field.concrete and field.model is model and not field.remote_field.parent_link
        ]
        lookups = [*references, *CARD_PREFETCH.get(model, ())]
        if hasattr(model, "main_image"):
            lookups.append(Prefetch("main_image__renditions"))
        prefetch_related_objects(instances, *lookups)
    by_id = {page.pk: page for page in pages}
    cards = []
    for hit in hits:
        if hit.pk in by_id:
            page = by_id[hit.pk]
            page.kind = hit.kind
            page.is_listing = isinstance(page, ListingPage)
            cards.append(page)
    return cards


# -- suggestions ---------------------------------------------------------------------------------------------------


def suggest(site, query, limit=SUGGESTIONS):
    """Titles for the search box as the visitor types: Wagtail's prefix search over the query in both scripts,
    then (on PostgreSQL) titles whose skeleton holds the typed one («Камр» → Toyota Camry)."""
    if len(query) < MIN_SUGGEST_LENGTH:
        return []
    pages = site_pages(site)
    found = []
    for variant in variants(query):
        found += pages.autocomplete(variant)[:limit]
        if len(found) >= limit:
            break
    if len(found) < limit and uses_trigrams() and len(skeleton(query)) >= 3:
        found += (
            pages.exclude(pk__in=[page.pk for page in found])
            .filter(Contains(Skeleton(F("title")), skeleton(query)))
            .order_by("title")[: limit - len(found)]
        )
    unique = {page.pk: page for page in found}
    return list(unique.values())[:limit]
