"""Cache-Control for the public pages, so that a shared cache (nginx, Varnish, a CDN) can store what anonymous
readers get, and the purge of that cache when content changes.

A page (or the sitemap) sets `request.cache_kind`; CacheControlMiddleware then answers:
- a visitor without session or CSRF cookie, and a response that sets no cookie: `public` with the kind's max-age
  and s-maxage (settings.PAGE_CACHE_CONTROL), and no `Vary: Cookie` nor `Vary: Accept-Language` (the page does
  not depend on either: the language is in the path). The proxy must pass requests that carry the session or
  CSRF cookie to Django uncached (deploy/);
- anyone else (logged in, a guest with favorites or a comparison): `private, no-cache`.

Publishing, unpublishing or deleting a page purges its URLs through wagtail.contrib.frontend_cache (Wagtail's own
handler) and, after the commit, the page again with its parent list and its site's home, which show it."""

from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

PRIVATE_VARY = {"cookie", "accept-language"}


def has_visitor_state(request):
    """True when the request carries the session or the CSRF cookie: what it gets may be this visitor's own."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in request.COOKIES


class CacheControlMiddleware:
    """Placed above the session, CSRF and locale middleware, so it sees the cookies and Vary they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = getattr(request, "cache_kind", None)
        if kind is None or request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if response.status_code != 200 or has_visitor_state(request) or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        rules = settings.PAGE_CACHE_CONTROL.get(kind) or settings.PAGE_CACHE_CONTROL["default"]
        patch_cache_control(response, public=True, **rules)
        vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
        kept = [value for value in vary if value.lower() not in PRIVATE_VARY]
        if kept:
            response["Vary"] = ", ".join(kept)
        elif response.has_header("Vary"):
            del response["Vary"]
        return response


def purge_with_lists(instance, **kwargs):
    """After the commit, purge the page, its parent (the list that shows it) and its site's home."""
    page = instance

    def purge():
        batch = PurgeBatch()
        batch.add_page(page)
        parent = page.get_parent()
        if parent is not None and parent.depth > 1:
            batch.add_page(parent.specific)
        site = page.get_site()
        if site is not None and site.root_page_id not in (page.pk, parent.pk if parent else None):
            batch.add_page(site.root_page.specific)
        batch.purge()

    if settings.WAGTAILFRONTENDCACHE:
        transaction.on_commit(purge)


def register_signal_handlers():
    page_published.connect(purge_with_lists, dispatch_uid="core-purge-published")
    page_unpublished.connect(purge_with_lists, dispatch_uid="core-purge-unpublished")
