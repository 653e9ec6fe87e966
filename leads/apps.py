from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Заявки и CRM")

    def ready(self):
        from accounts.cabinet.sections import register_section
        from dealers.stats import register_counter
        from leads import (
            customer,
            dealer_stats,
            notify,
            personal_data,  # noqa: F401 (registers the deals' part of the cabinet's data export)
            signal_handlers,
            views_deals,
        )
        from notifications.kinds import register_all

        signal_handlers.register_signal_handlers()
        register_all(notify.KINDS)
        register_section(
            "requests",
            _("Мои заявки"),
            order=40,
            route="requests/",
            view=customer.requests_list,
            relevant=customer.takes_requests,
        )
        register_section(
            "cashback",
            _("Кэшбек"),
            order=60,
            route="cashback/",
            view=views_deals.cabinet_cashback,
            relevant=customer.sells_realty,
        )
        register_counter("requests", _("Заявки"), dealer_stats.count_requests, order=10)
        register_counter("test_drives", _("Тест-драйвы"), dealer_stats.count_test_drives, order=20)
