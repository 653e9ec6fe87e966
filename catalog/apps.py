from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Каталог")

    def ready(self):
        from catalog import cars_signals, partners_signals, realty_signals, rentals_signals

        cars_signals.register_signal_handlers()
        partners_signals.register_signal_handlers()
        rentals_signals.register_signal_handlers()
        del realty_signals  # connected by its @receiver decorators on import
