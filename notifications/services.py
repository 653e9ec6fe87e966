"""The outbox. `notify()` writes the messages in the caller's transaction and, once it commits,
hands them to Celery (tasks.py), which delivers them (delivery.py). With `delivery.deliver()`,
these functions are the only writers of a Notification's status."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .channels import CHANNELS
from .kinds import get_kind
from .models import Notification, PushSubscription, TelegramLink
from .preferences import addresses_by_channel, choices_of, is_enabled
from .rendering import render_message
from .tasks import enqueue


def notify(user, kind: str, context: dict, channels=None) -> list[Notification]:
    """Tell a user about something, on the channels their preferences pick (or exactly `channels`,
    where the user has an address). Call it inside the transaction that records the event: if that
    rolls back, nothing is written and nothing is sent."""
    kind = get_kind(kind)
    unknown = set(channels or ()) - set(CHANNELS)
    if unknown:
        raise ValueError(f"Unknown notification channels {sorted(unknown)}")
    addresses = addresses_by_channel(user)
    if channels is None:
        choices = choices_of(user)
        channels = [channel for channel in CHANNELS if is_enabled(kind, channel, choices)]
    language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    targets = [(channel, address) for channel in channels for address in addresses[channel]]
    return _write(kind, targets, context, language, recipient=user)


def notify_address(channel: str, address: str, kind: str, context: dict, language: str | None = None):
    """A message to an address with no account behind it (a guest's email or phone)."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown notification channel {channel!r}")
    return _write(get_kind(kind), [(channel, address)], context, language or settings.LANGUAGE_CODE)[0]


def _write(kind, targets, context, language, recipient=None) -> list[Notification]:
    kind.check_context(context)  # even when nobody is reachable: a caller's mistake shows at once
    now = timezone.now()
    rendered = {}
    rows = []
    for channel, address in targets:
        if channel not in rendered:
            rendered[channel] = render_message(kind, channel, context, language)
        message = rendered[channel]
        rows.append(
            Notification(
                recipient=recipient,
                channel=channel,
                kind=kind.key,
                address=address,
                language=language,
                subject=message.subject,
                body=message.body,
                body_html=message.body_html,
                link=str(context.get("url", ""))[:500],
                next_attempt_at=now,
            )
        )
    with transaction.atomic():
        rows = Notification.objects.bulk_create(rows)
        for row in rows:
            # robust: a broker outage must not break the caller's request; the dispatcher catches up.
            transaction.on_commit(partial(enqueue, row.pk), robust=True)
    return rows


def retry(notification_ids) -> int:
    """Give failed messages a fresh round of attempts (the admin's «Отправить снова»)."""
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update()
            .filter(pk__in=list(notification_ids), status=Notification.Status.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in ids:
            transaction.on_commit(partial(enqueue, pk), robust=True)
    return len(ids)


def forget_user(user):
    """Erase what the outbox keeps about a person (their messages, preferences and addresses)."""
    with transaction.atomic():
        user.notifications.all().delete()
        user.notification_preferences.all().delete()
        user.push_subscriptions.all().delete()
        TelegramLink.objects.filter(user=user).delete()


def subscribe_push(user, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Remember a browser's push subscription; a browser shared by two accounts follows the last one."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:255]}
    )
    return subscription


def unsubscribe_push(user, endpoint: str) -> bool:
    deleted, _by_model = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)


def link_telegram(user, chat_id: int, username: str = "") -> TelegramLink:
    """Messages for `user` go to this chat from now on (a chat serves one account)."""
    with transaction.atomic():
        TelegramLink.objects.filter(chat_id=chat_id).exclude(user=user).delete()
        link, _created = TelegramLink.objects.update_or_create(
            user=user, defaults={"chat_id": chat_id, "username": username[:64]}
        )
    return link


def unlink_telegram(user=None, chat_id: int | None = None) -> bool:
    links = TelegramLink.objects.filter(user=user) if user is not None else TelegramLink.objects.filter(chat_id=chat_id)
    deleted, _by_model = links.delete()
    return bool(deleted)
