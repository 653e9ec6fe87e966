from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Каталог")

    def ready(self):
        from catalog import rentals_signals  # noqa: F401
        from catalog.partners_signals import register_signal_handlers as register_partners_signals

        register_partners_signals()
