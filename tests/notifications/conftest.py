import itertools

import pytest
from django.contrib.auth import get_user_model

from integrations.webpush import generate_private_key
from notifications.models import PushSubscription, TelegramLink
from tests.fakes.sms_ru import fake_sms_ru
from tests.fakes.telegram import fake_telegram
from tests.fakes.webpush import Subscriber, fake_push_service

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
def telegram_api(settings):
    """Start the fake Bot API and point the adapter at it: `with telegram_api(fail_times=1) as api:`."""

    def start(**kwargs):
        service = fake_telegram(**kwargs)
        settings.TELEGRAM_API_URL = service.url
        settings.TELEGRAM_BOT_TOKEN = "test-bot-token"
        return service

    return start


@pytest.fixture
def sms_api(settings):
    def start(**kwargs):
        service = fake_sms_ru(**kwargs)
        settings.SMS_API_URL = service.url
        settings.SMS_API_ID = "test-api-id"
        return service

    return start


@pytest.fixture
def vapid_key(settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = generate_private_key()
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:push@example.com"
    return settings.WEBPUSH_VAPID_PRIVATE_KEY


@pytest.fixture
def push_service(vapid_key):
    def start(**kwargs):
        return fake_push_service(**kwargs)

    return start


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
