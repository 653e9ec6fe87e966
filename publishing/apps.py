from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Кросспостинг")

    def ready(self):
        from publishing.signal_handlers import register_signal_handlers

        register_signal_handlers()
