"""The site search page and the search box's suggestions (search/engine.py does the finding)."""

from django.http import QueryDict
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site
from wagtail.search.utils import normalise_query_string

from core.paging import page_of
from search import engine
from search.models import SearchQueryDay

RESULTS_PER_PAGE = 12
MAX_QUERY_LENGTH = 200


def _promoted(site, query):
    """The pages editors promote for `query` on this site, in the current language, in their order.

    Promotions of other sites' pages and external links are not shown: Wagtail's promotions have no site."""
    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(query), page__isnull=False
    ).order_by("sort_order")
    keys = {key: order for order, key in enumerate(promotions.values_list("page__translation_key", flat=True))}
    if not keys:
        return []
    pages = engine.site_pages(site).filter(translation_key__in=keys)
    return engine.label_kinds(sorted(pages, key=lambda page: keys[page.translation_key]))


def _log(request, site, query, found):
    """Count the search once per visit of its first page: Wagtail's query log (popularity, promotions) and this
    site's (the zero-results report)."""
    if request.GET.get("page") not in (None, "1"):
        return
    Query.get(query).add_hit()
    SearchQueryDay.record(site, query, found)


def _link(query, **params):
    values = QueryDict(mutable=True)
    values.update({key: value for key, value in {"q": query, **params}.items() if value})
    return "?" + values.urlencode()


@never_cache
def search(request):
    """Full-text search over the live pages of the current site, in the current language, as cards with facets."""
    query = engine.clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    kind_key = request.GET.get("type", "")
    city_slug = request.GET.get("city", "")
    site = Site.find_for_request(request)
    results = engine.Results(hits=[])
    promoted = []
    if query and site:
        promoted = _promoted(site, query)
        promoted_ids = {page.pk for page in promoted}
        hits = [hit for hit in engine.find(site, query) if hit.pk not in promoted_ids]
        results = engine.facet(hits, kind_key, city_slug)
        _log(request, site, query, results.total + len(promoted))
    page_of_results = page_of(request, results.hits, RESULTS_PER_PAGE)
    page_of_results.object_list = engine.load_cards(page_of_results.object_list)
    show_promoted = promoted and page_of_results.number == 1 and not (kind_key or city_slug)
    for item in results.kinds:
        item.link = _link(query, type="" if item.selected else item.key, city=city_slug)
    for item in results.cities:
        item.link = _link(query, type=kind_key, city="" if item.selected else item.key)
    extra = _link(query, type=kind_key, city=city_slug)[1:]
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page_of_results,
            "results": results,
            "promoted": engine.load_cards(promoted) if show_promoted else [],
            "filtered": bool(kind_key or city_slug),
            "reset_link": _link(query),
            "extra_query": extra,
        },
    )


def suggest(request):
    """A few titles for the search box as the visitor types (htmx swaps the list in)."""
    query = engine.clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    site = Site.find_for_request(request)
    pages = engine.suggest(site, query) if site and query else []
    response = TemplateResponse(
        request, "search/suggestions.html", {"suggestions": engine.label_kinds(pages), "search_query": query}
    )
    response["Cache-Control"] = "private, max-age=60"
    return response
