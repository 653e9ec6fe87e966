"""What we notify people about. A kind has a key, a label for the preferences page, the channels
it uses when the user has not chosen, and the context its templates need.

Templates live in templates/notifications/<key>/: subject.txt and body.txt, optionally
<channel>.txt (a shorter text for SMS, say) and body.html for email. Other apps add their kinds
with `register(Kind(...))` in their AppConfig.ready().
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Channel


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default_channels: frozenset[str]
    context: tuple[str, ...] = ()
    # Kinds for staff (managers, realtors) are listed on staff members' preferences only.
    for_staff: bool = False
    # A kind that is not optional is not listed on the preferences page: its defaults always apply.
    optional: bool = True

    def check_context(self, context: dict):
        missing = [key for key in self.context if key not in context]
        if missing:
            raise ValueError(f"Notification {self.key!r} needs context {missing}")


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.key in _kinds and _kinds[kind.key] != kind:
        raise ValueError(f"Notification kind {kind.key!r} is registered twice")
    unknown = set(kind.default_channels) - set(Channel.values)
    if unknown:
        raise ValueError(f"Notification kind {kind.key!r} has unknown channels {sorted(unknown)}")
    _kinds[kind.key] = kind
    return kind


def get_kind(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise UnknownKind(f"Unknown notification kind {key!r}") from None


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


EMAIL, SMS, TELEGRAM, WEBPUSH = Channel.EMAIL, Channel.SMS, Channel.TELEGRAM, Channel.WEBPUSH
BOOKING = ("number", "property", "url")

register(Kind("account.welcome", _("Приветствие после регистрации"), frozenset({EMAIL}), optional=False))
register(Kind("account.telegram_linked", _("Telegram подключён"), frozenset({TELEGRAM}), optional=False))
register(Kind("account.telegram_help", _("Как подключить Telegram"), frozenset({TELEGRAM}), optional=False))
register(
    Kind(
        "booking.hold_expired",
        _("Бронь снята: оплата не поступила"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=BOOKING,
    )
)
register(
    Kind(
        "booking.reminder_checkin",
        _("Напоминание о заезде"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=(*BOOKING, "check_in"),
    )
)
register(
    Kind(
        "booking.new_for_realtor",
        _("Новое бронирование вашего объекта"),
        frozenset({EMAIL, TELEGRAM}),
        context=(*BOOKING, "check_in", "check_out"),
        for_staff=True,
    )
)
register(
    Kind(
        "lead.assigned",
        _("Вам назначена заявка"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "url"),
        for_staff=True,
    )
)
register(
    Kind(
        "appointment.reminder",
        _("Напоминание о встрече"),
        frozenset({EMAIL, SMS}),
        context=("title", "starts_at", "url"),
    )
)
