from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Заявки и CRM")

    def ready(self):
        from leads import (
            notify,  # noqa: F401 (registers the leads notification kinds)
            signal_handlers,
        )

        signal_handlers.register_signal_handlers()
