"""The bulk delete of scoped snippets goes through their permission policy (core/admin.py).

Registered after Wagtail's own delete action (order=1), so it replaces it for those models."""

from wagtail import hooks

from core.admin import ScopedDeleteBulkAction

hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=1)
