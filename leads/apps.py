from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Заявки и CRM")

    def ready(self):
        # Registers the leads notification kinds, and the deals' part of the cabinet's data export.
        from leads import notify, personal_data  # noqa: F401
