import pytest
from wagtail.models import Site

from assistant.models import LLMProvider, ProviderKind
from core import crypto
from tests.fakes.llm import fake_openai, fake_yandexgpt
from tests.fakes.whatsapp import fake_whatsapp


def bot_of(hostname):
    return Site.objects.get(hostname=hostname).assistant_bot


@pytest.fixture
def rentals_bot(db):
    return bot_of("zhilego.localhost")


@pytest.fixture
def realty_bot(db):
    return bot_of("inback.localhost")


def add_provider(bot, service, kind=ProviderKind.OPENAI, key="test-llm-key", priority=1, **fields):
    base = f"{service.url}/v1" if kind == ProviderKind.OPENAI else service.url
    return LLMProvider.objects.create(
        bot=bot, kind=kind, base_url=base, model=fields.pop("model", "gpt-test"), api_key=crypto.encrypt(key),
        priority=priority, **fields,
    )  # fmt: skip


@pytest.fixture
def openai_api():
    return fake_openai


@pytest.fixture
def yandex_api():
    return fake_yandexgpt


@pytest.fixture
def whatsapp_api(settings):
    def start(**kwargs):
        service = fake_whatsapp(**kwargs)
        settings.WHATSAPP_API_URL = service.url
        return service

    return start


@pytest.fixture(autouse=True)
def _search_index(search_index):
    """These tests search what they saved."""
