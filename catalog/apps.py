from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Каталог")

    def ready(self):
        from catalog import realty_signals, signals

        signals.register_signal_handlers()
        del realty_signals  # connected by its @receiver decorators on import
