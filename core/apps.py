from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Ядро")

    def ready(self):
        from core import cache, restrictions, sitemaps

        cache.register_signal_handlers()
        restrictions.register_signal_handlers()
        sitemaps.register_signal_handlers()
