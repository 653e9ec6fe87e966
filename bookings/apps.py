from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Бронирования")

    def ready(self):
        from accounts.cabinet.sections import register_section
        from bookings import (
            cabinet,
            notify,  # noqa: F401 (registers the booking notification kinds)
        )

        register_section("bookings", _("Мои бронирования"), order=50, route="bookings/", view=cabinet.bookings_list)
