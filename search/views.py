from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from core.paging import page_of

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over the live pages of the current site, in the current language."""
    # A NUL byte cannot reach PostgreSQL's text search, and SQLite's (FTS5) reads a double quote in a word as
    # syntax; the search takes plain words, so neither means anything in a query.
    query_string = request.GET.get("q", "").replace("\x00", "").replace('"', " ").strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = Page.objects.none()
    if query_string and site:
        home = site.root_page.localized
        results = Page.objects.live().public().descendant_of(home, inclusive=True).specific().search(query_string)

    page_of_results = page_of(request, results, RESULTS_PER_PAGE)

    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query_string, "search_results": page_of_results},
    )
