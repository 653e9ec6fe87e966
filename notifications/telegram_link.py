"""Linking a user's Telegram chat: the preferences page gives a t.me link carrying a signed token;
the user presses Start, Telegram sends us "/start <token>" and we remember the chat."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int, int_to_base36


class TelegramLinkTokenGenerator(PasswordResetTokenGenerator):
    """Django's signed, expiring token (PASSWORD_RESET_TIMEOUT), with a salt of its own."""

    key_salt = "notifications.telegram_link"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{timestamp}"


link_tokens = TelegramLinkTokenGenerator()


def start_payload(user) -> str:
    # Telegram's start parameter allows A-Z, a-z, 0-9, _ and - only, up to 64 characters.
    return f"{int_to_base36(user.pk)}_{link_tokens.make_token(user)}"


def bot_link(user) -> str:
    if not settings.TELEGRAM_BOT_USERNAME:
        return ""
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={start_payload(user)}"


def user_from_payload(payload: str):
    """The active user a start payload was made for, or None when it is wrong or expired."""
    uid, _sep, token = payload.partition("_")
    try:
        user = get_user_model().objects.get(pk=base36_to_int(uid), is_active=True)
    except (ValueError, get_user_model().DoesNotExist):
        return None
    return user if link_tokens.check_token(user, token) else None
