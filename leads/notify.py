"""The notification kinds of leads (registered with the outbox in LeadsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, SMS, TELEGRAM, Kind, register

# -- cashback (leads/cashback.py tells the buyer) --
CASHBACK_CONTEXT = ("title", "amount", "url")
register(
    Kind(
        "cashback.ready",
        _("Кэшбек готов к выплате"),
        frozenset({EMAIL, SMS, TELEGRAM}),
        context=CASHBACK_CONTEXT,
        optional=False,
    )
)
register(
    Kind(
        "cashback.paid",
        _("Кэшбек выплачен"),
        frozenset({EMAIL, TELEGRAM}),
        context=CASHBACK_CONTEXT,
        optional=False,
    )
)
