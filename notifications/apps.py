from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Уведомления")

    def ready(self):
        from accounts.cabinet.sections import register_section
        from notifications import personal_data, signals  # noqa: F401 (export/erasure part; welcome message)
        from notifications.kinds import ACCOUNT_KINDS, register_all

        register_all(ACCOUNT_KINDS)
        register_section("notifications", _("Уведомления"), order=70, url_name="notifications:preferences")
