from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Ассистент поддержки")

    def ready(self):
        from assistant import notify
        from assistant.signal_handlers import register_signal_handlers
        from notifications.kinds import register_all

        register_signal_handlers()
        register_all(notify.KINDS)
