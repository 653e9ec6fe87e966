from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Учётные записи")

    def ready(self):
        from accounts import audit, favorites, sso
        from accounts.cabinet import personal_data  # noqa: F401 (registers the accounts' own sections)

        favorites.register_signal_handlers()
        register_cabinet_sections()
        audit.register_signal_handlers()
        sso.register_signal_handlers()


def register_cabinet_sections():
    from accounts.cabinet import views
    from accounts.cabinet.sections import register_section

    register_section("profile", _("Профиль"), order=10, route="", view=views.profile)
    register_section("favorites", _("Избранное"), order=20, route="favorites/", view=views.favorites)
    register_section("history", _("Недавно смотрели"), order=30, route="history/", view=views.history)
    register_section("security", _("Вход и безопасность"), order=80, url_name="account_email")
    register_section("privacy", _("Мои данные"), order=90, route="privacy/", view=views.privacy)
