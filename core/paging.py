"""One way to cut a list into pages for every listing, archive and result page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def page_of(request, items, per_page):
    """The page `?page=N` asks for; page 1 when N is missing, not a number or out of range (an old link to a
    page that no longer exists shows the start of the list rather than an error)."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)
