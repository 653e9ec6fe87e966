from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Уведомления")

    def ready(self):
        from notifications import personal_data, signals  # noqa: F401 (export/erasure part; welcome message)
