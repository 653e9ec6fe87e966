from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Учётные записи")

    def ready(self):
        from accounts.cabinet import personal_data  # noqa: F401 (registers the accounts' own sections)
        from accounts.favorites import register_signal_handlers

        register_signal_handlers()
