from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Бронирования")

    def ready(self):
        from accounts.cabinet.sections import register_section
        from bookings import cabinet, notify
        from notifications.kinds import register_all

        register_all(notify.KINDS)
        register_section(
            "bookings",
            _("Мои бронирования"),
            order=50,
            route="bookings/",
            view=cabinet.bookings_list,
            relevant=cabinet.is_rentals_site,
        )
