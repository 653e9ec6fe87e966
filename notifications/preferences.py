"""Which channels a user gets a kind on: their own choice where they made one, else the kind's
default; and never a channel the user has no address on."""

from django.db import transaction

from .channels import CHANNELS
from .kinds import Kind, all_kinds
from .models import NotificationPreference


def addresses_by_channel(user) -> dict[str, list[str]]:
    """Every channel with the user's addresses on it (an empty list: not reachable there)."""
    return {code: channel.addresses(user) for code, channel in CHANNELS.items()}


def choices_of(user) -> dict[tuple[str, str], bool]:
    """The user's explicit choices, {(kind, channel): enabled}."""
    return {
        (kind, channel): enabled
        for kind, channel, enabled in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }


def is_enabled(kind: Kind, channel: str, choices: dict) -> bool:
    return choices.get((kind.key, channel), channel in kind.default_channels)


def kinds_for(user) -> list[Kind]:
    """The kinds a user may choose channels for on the preferences page."""
    return [kind for kind in all_kinds() if kind.optional and (user.is_staff or not kind.for_staff)]


def save_choices(user, enabled: set[tuple[str, str]], channels: set[str]):
    """Record the user's choice for every listed kind on the given channels (those they can be reached on)."""
    kinds = [kind.key for kind in kinds_for(user)]
    rows = [
        NotificationPreference(user=user, kind=kind, channel=channel, enabled=(kind, channel) in enabled)
        for kind in kinds
        for channel in channels
    ]
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user, kind__in=kinds, channel__in=channels).delete()
        NotificationPreference.objects.bulk_create(rows)
