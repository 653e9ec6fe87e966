from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Бронирования")

    def ready(self):
        from bookings import notify  # noqa: F401 (registers the booking notification kinds)
