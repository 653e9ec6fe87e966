"""Admin hooks of core: the bulk delete of scoped snippets goes through their permission policy (core/admin.py),
and a page edit opened before someone else's save is refused instead of overwriting it.

The bulk action is registered after Wagtail's own delete action (order=1), so it replaces it for those models."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from core.admin import ScopedDeleteBulkAction
from core.locking import STALE_EDIT_MESSAGE

hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)


def edit_is_out_of_date(request, page):
    """Wagtail's own test (EditView.is_out_of_date): the form names the revision it was opened at (and its
    time), or the autosave revision it wrote; anything but the latest revision means someone saved meanwhile."""
    latest = page.get_latest_revision()
    if latest is None:
        return False
    if overwrite := request.POST.get("overwrite_revision_id"):
        return overwrite != str(latest.pk)
    if loaded := request.POST.get("loaded_revision_id"):
        created_at = request.POST.get("loaded_revision_created_at", "")
        return loaded != str(latest.pk) or created_at != latest.created_at.isoformat()
    return False


@hooks.register("before_edit_page")
def refuse_stale_page_edit(request, page):
    """Wagtail 7 refuses a stale autosave but saves a stale form post, after a mere warning in the editor: the second
    of two editors of one listing would silently overwrite the first. Here that post is refused for every page type
    (listings first of all) and the editor gets the page back with a message in Russian."""
    if request.method == "POST" and edit_is_out_of_date(request, page):
        messages.error(request, STALE_EDIT_MESSAGE)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_serve_page")
def use_request_site(page, request, serve_args, serve_kwargs):
    """Let the page reuse the site Wagtail found for the request (see BasePage.use_request_site), and say which
    Cache-Control its kind gets (core.cache)."""
    request.cache_kind = getattr(page, "cache_kind", "default")
    if hasattr(page, "use_request_site"):
        page.use_request_site(request)


@hooks.register("insert_global_admin_js")
def admin_date_picker_strings():
    """Wagtail's date picker (jQuery datetimepicker) builds a «Save Selected» button in English that no translation
    reaches; static/js/admin-strings.js puts our word on it."""
    return format_html(
        '<script src="{}" data-save-selected="{}" defer></script>',
        static("js/admin-strings.js"),
        _("Сохранить выбранное"),
    )
