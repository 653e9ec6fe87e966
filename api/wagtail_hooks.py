"""«Ключи API» in the admin's settings menu: the superuser creates a key for a partner's user (the full key is
shown once, on the page after creating it) and revokes it. Scoped like the other admin models (api/admin.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from api.admin import ApiKeyViewSet
from api.writes import STATUS_ACTION

register_snippet(ApiKeyViewSet)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(STATUS_ACTION, _("Статус изменён через API"), _("Статус изменён через API"))
