"""What we notify people about. A kind has a key, a label for the preferences page, the channels
it uses when the user has not chosen, and the context its templates need.

Templates live in templates/notifications/<key>/: subject.txt and body.txt, optionally
<channel>.txt (a shorter text for SMS, say) and body.html for email. Each app declares its kinds
(`KINDS = (Kind(...), ...)`) and registers them with `register_all(KINDS)` in its AppConfig.ready().
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


def register_all(kinds):
    """Register an app's kinds, from its AppConfig.ready()."""
    for kind in kinds:
        register(kind)


EMAIL, SMS, TELEGRAM, WEBPUSH = Channel.EMAIL, Channel.SMS, Channel.TELEGRAM, Channel.WEBPUSH

# The accounts' own messages; bookings (bookings/notify.py) and leads (leads/notify.py) declare theirs.
ACCOUNT_KINDS = (
    Kind("account.welcome", _("Приветствие после регистрации"), frozenset({EMAIL}), optional=False),
    Kind("account.telegram_linked", _("Telegram подключён"), frozenset({TELEGRAM}), optional=False),
    Kind("account.telegram_help", _("Как подключить Telegram"), frozenset({TELEGRAM}), optional=False),
)
