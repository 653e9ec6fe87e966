from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Каталог")

    def ready(self):
        from accounts import access, dashboard, roles
        from catalog import partners_admin, realty_signals, signals

        signals.register_signal_handlers()
        del realty_signals  # connected by its @receiver decorators on import
        roles.register_scope(partners_admin.BUSINESS_SCOPE)
        access.register_page_grants(partners_admin.review_partner_changes)
        dashboard.register_panel(roles.BUSINESS_OWNER, partners_admin.MyBusinessPanel)
