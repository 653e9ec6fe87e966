"""Avtofamily's dealers (partners): organisations, their members, moderation of their car ads, the cabinet."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealersConfig(AppConfig):
    name = "dealers"
    verbose_name = _("Дилеры")

    def ready(self):
        from accounts import access, dashboard, roles
        from dealers import dashboard as panels
        from dealers import models, moderation
        from dealers import roles as dealer_roles
        from notifications.kinds import register_all

        models.register_signal_handlers()
        roles.register_scope(dealer_roles.DEALER_SCOPE)
        access.register_page_grants(moderation.grant_dealer_pages)
        dashboard.register_panel(roles.DEALER, panels.DealerPanel)
        register_all(moderation.KINDS)
