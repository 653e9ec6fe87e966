from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Учётные записи")

    def ready(self):
        from accounts import audit, favorites
        from accounts.cabinet import personal_data  # noqa: F401 (registers the accounts' own sections)

        favorites.register_signal_handlers()
        audit.register_signal_handlers()
