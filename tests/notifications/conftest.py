import itertools

import pytest
from django.contrib.auth import get_user_model

from notifications.models import PushSubscription, TelegramLink
from tests.fakes.webpush import Subscriber

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(language="ru", phone="", phone_verified=False, telegram_chat=None, is_staff=False, **extra):
        number = next(_numbers)
        user = get_user_model().objects.create_user(
            email=f"notify-{number}@example.com",
            password="x-long-password-42",
            language=language,
            phone=phone,
            phone_verified=phone_verified,
            is_staff=is_staff,
            **extra,
        )
        if telegram_chat is not None:
            TelegramLink.objects.create(user=user, chat_id=telegram_chat)
        return user

    return make


@pytest.fixture
def subscribe_browser():
    """A browser of `user` subscribed to push at `service`; returns the Subscriber holding its keys."""

    def subscribe(user, service, name="device-1"):
        browser = Subscriber()
        PushSubscription.objects.create(
            user=user, endpoint=f"{service.url}/push/{name}", p256dh=browser.p256dh, auth=browser.auth
        )
        return browser

    return subscribe
