from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "loyalty"
    verbose_name = _("Клуб «Свой Круг»")

    def ready(self):
        from loyalty import notify, personal_data, signals  # noqa: F401 (the data export's part, page signals)
        from notifications.kinds import register_all

        register_all(notify.KINDS)
