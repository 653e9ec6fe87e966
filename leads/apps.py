from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Заявки и CRM")

    def ready(self):
        # Registers the leads notification kinds, the deals' part of the cabinet's data export, the signals.
        from leads import notify, personal_data, signal_handlers  # noqa: F401

        signal_handlers.register_signal_handlers()
