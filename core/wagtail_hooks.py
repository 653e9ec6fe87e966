"""The bulk delete of scoped snippets goes through their permission policy (core/admin.py).

Registered after Wagtail's own delete action (order=1), so it replaces it for those models."""

from wagtail import hooks

from core.admin import ScopedDeleteBulkAction

hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)


@hooks.register("before_serve_page")
def use_request_site(page, request, serve_args, serve_kwargs):
    """Let the page reuse the site Wagtail found for the request (see BasePage.use_request_site), and say which
    Cache-Control its kind gets (core.cache)."""
    request.cache_kind = getattr(page, "cache_kind", "default")
    if hasattr(page, "use_request_site"):
        page.use_request_site(request)
