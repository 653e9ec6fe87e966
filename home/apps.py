from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Сайты и страницы")

    def ready(self):
        from accounts.access import register_page_grants
        from home.access import grant_editor_pages
        from home.signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_page_grants(grant_editor_pages)
