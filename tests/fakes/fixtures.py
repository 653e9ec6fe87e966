"""Fixtures that start a fake outside service and point the settings at it (registered in tests/conftest.py).

Each returns a starter: `with telegram_api(fail_times=1) as api:` runs the fake for the block."""

import pytest

from integrations.webpush import generate_private_key

from .sms_ru import fake_sms_ru
from .telegram import fake_telegram
from .webpush import fake_push_service


@pytest.fixture
def telegram_api(settings):
    """The fake Bot API, and the adapter pointed at it."""

    def start(**kwargs):
        service = fake_telegram(**kwargs)
        settings.TELEGRAM_API_URL = service.url
        settings.TELEGRAM_BOT_TOKEN = "test-bot-token"
        return service

    return start


@pytest.fixture
def sms_api(settings):
    """The fake SMS.ru, and the adapter pointed at it."""

    def start(**kwargs):
        service = fake_sms_ru(**kwargs)
        settings.SMS_API_URL = service.url
        settings.SMS_API_ID = "test-api-id"
        return service

    return start


@pytest.fixture
def vapid_key(settings):
    """A fresh VAPID key pair for signing push messages."""
    settings.WEBPUSH_VAPID_PRIVATE_KEY = generate_private_key()
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:push@example.com"
    return settings.WEBPUSH_VAPID_PRIVATE_KEY


@pytest.fixture
def push_service(vapid_key):
    """A fake push service (the endpoint a browser's subscription points at), with VAPID keys set."""

    def start(**kwargs):
        return fake_push_service(**kwargs)

    return start
