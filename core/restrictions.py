"""Page view restrictions (private pages), cached: every page view and every list checks them, and almost no
page has one. Wagtail asks the database each time (the page's ancestors, their restrictions, and all
restrictions again for each `.public()` list); here one cache read answers, forgotten when a restriction is
saved or deleted or a page moves."""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

CACHE_KEY = "core:restricted-paths"
TIMEOUT = 60 * 60


def restricted_paths():
    """The tree paths of the pages that carry a view restriction (their subtrees are private)."""
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, TIMEOUT)
    return paths


def public_q():
    """What `PageQuerySet.public()` filters, without its query: pages outside every restricted subtree."""
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(path__startswith=path)
    return condition


def may_be_restricted(page):
    """False when no restriction can apply to the page (Wagtail's check may then be skipped)."""
    return page.alias_of_id is not None or any(page.path.startswith(path) for path in restricted_paths())


def forget_restrictions(**kwargs):
    cache.delete(CACHE_KEY)


def register_signal_handlers():
    post_save.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="core-restrictions-save")
    post_delete.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="core-restrictions-delete")
    post_page_move.connect(forget_restrictions, dispatch_uid="core-restrictions-move")
