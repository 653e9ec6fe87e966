from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "loyalty"
    verbose_name = _("Клуб «Свой Круг»")

    def ready(self):
        from loyalty import notify, personal_data  # noqa: F401 (registers the club's part of the data export)
        from notifications.kinds import register_all

        register_all(notify.KINDS)
