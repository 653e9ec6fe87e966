"""The notifications' part of a person's data export and erasure (see accounts/cabinet/personal_data.py)."""

from accounts.cabinet.personal_data import register
from notifications.models import Notification, NotificationPreference, PushSubscription, TelegramLink


def export(user):
    link = TelegramLink.objects.filter(user=user).first()
    return {
        "preferences": [
            {"kind": p.kind, "channel": p.channel, "enabled": p.enabled}
            for p in NotificationPreference.objects.filter(user=user)
        ],
        "telegram": {"chat_id": link.chat_id, "username": link.username} if link else None,
        "push_subscriptions": PushSubscription.objects.filter(user=user).count(),
        "messages": [
            {"kind": n.kind, "channel": n.channel, "subject": n.subject, "status": n.status, "at": n.created_at}
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
    }


def erase(user):
    """Messages hold addresses and names: they go with the settings and the linked chats."""
    NotificationPreference.objects.filter(user=user).delete()
    TelegramLink.objects.filter(user=user).delete()
    PushSubscription.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()


register("notifications", export=export, erase=erase)
