"""The chat connectors on the marketplace contract: the Avito messenger (OAuth client_credentials token, chats and
their messages) and Bitrix24's open lines (im.* REST through an inbound webhook), each against a local fake
speaking its protocol; a customer's turn is fetched once, drafted, approved and published back into the chat."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from assistant import marketplaces
from assistant.models import MarketplaceQuestion, MarketplaceShop, QuestionKind, QuestionState
from core import crypto
from integrations.marketplaces import MESSAGE, MarketplaceError, avito, bitrix, client_for
from tests.fakes.marketplaces import fake_avito, fake_bitrix
from tests.leads.factories import manager

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T0 = int(datetime(2026, 3, 1, 10, 0, tzinfo=UTC).timestamp())
AVITO_ID, AVITO_SECRET, PROFILE = "avito-client", "avito-secret", "94235311"
CHATS = [
    {"id": "u2i-new", "updated": T0 + 600, "context": {"type": "item", "value": {"id": 1768287444,
     "title": "Квартира на Левом берегу"}}, "last_message": {"id": "m3", "direction": "in", "created": T0 + 600}},
    {"id": "u2i-answered", "updated": T0 + 500, "context": {"type": "item", "value": {"id": 5, "title": "Студия"}},
     "last_message": {"id": "o1", "direction": "out", "created": T0 + 500}},
    {"id": "u2i-old", "updated": T0 - 86400, "context": {}, "last_message": {"id": "x", "direction": "in",
     "created": T0 - 86400}},
]  # fmt: skip
MESSAGES = {
    "u2i-new": [
        {"id": "m1", "created": T0, "direction": "in", "type": "text", "content": {"text": "Здравствуйте"}},
        {"id": "o0", "created": T0 + 60, "direction": "out", "type": "text", "content": {"text": "Добрый день!"}},
        {"id": "m2", "created": T0 + 300, "direction": "in", "type": "text", "content": {"text": "Как отменить?"}},
        {"id": "m2i", "created": T0 + 400, "direction": "in", "type": "image", "content": {"image": {}}},
        {"id": "m3", "created": T0 + 600, "direction": "in", "type": "text", "content": {"text": "Бронирование"}},
    ],
    "u2i-answered": [
        {"id": "q1", "created": T0 + 100, "direction": "in", "type": "text", "content": {"text": "Свободно?"}},
        {"id": "o1", "created": T0 + 500, "direction": "out", "type": "text", "content": {"text": "Да"}},
    ],
}


@pytest.fixture(autouse=True)
def no_cached_tokens():
    cache.clear()


def avito_api(**kwargs):
    return fake_avito(client_id=AVITO_ID, client_secret=AVITO_SECRET, user_id=PROFILE, chats=CHATS,
                      messages=MESSAGES, **kwargs)  # fmt: skip


def test_the_avito_adapter_buys_a_token_reads_a_customers_turn_and_answers_into_the_chat():
    with avito_api() as api, override_settings(AVITO_API_URL=api.url):
        client = avito.Client(AVITO_ID, AVITO_SECRET, PROFILE)
        items = client.fetch(datetime.fromtimestamp(T0, UTC))
        again = avito.Client(AVITO_ID, AVITO_SECRET, PROFILE)
        again.publish(MESSAGE, items[0].external_id, "Отменить можно в кабинете.")
    assert [(i.external_id, i.kind, i.sku, i.product) for i in items] == [
        ("m:u2i-new:m3", MESSAGE, "1768287444", "Квартира на Левом берегу")
    ]  # the answered chat and the one not updated since are not read
    assert items[0].text == "Как отменить?\nБронирование"  # the turn after our answer, the photo left out
    assert items[0].created_at == datetime.fromtimestamp(T0 + 600, UTC)
    token_requests = [r for r in api.requests if r.path == "/token"]
    assert len(token_requests) == 1  # one token, kept in the cache for the second client
    assert token_requests[0].form == {
        "grant_type": "client_credentials", "client_id": AVITO_ID, "client_secret": AVITO_SECRET
    }  # fmt: skip
    calls = [r for r in api.requests if r.path != "/token"]
    assert all(r.headers["Authorization"] == "Bearer avito-token-1" for r in calls)
    assert calls[0].path == f"/messenger/v2/accounts/{PROFILE}/chats"
    assert calls[0].query == {"chat_types": "u2i,u2u", "limit": "100", "offset": "0"}
    send = [r for r in calls if r.method == "POST"]
    assert send[0].path == f"/messenger/v1/accounts/{PROFILE}/chats/u2i-new/messages"
    assert send[0].json == {"message": {"text": "Отменить можно в кабинете."}, "type": "text"}
    assert api.sent == {"u2i-new": ["Отменить можно в кабинете."]} and api.reads == ["u2i-new"]


def test_an_expired_avito_token_is_bought_again_once_and_a_long_answer_goes_in_parts():
    with avito_api(refuse_first_token=True) as api, override_settings(AVITO_API_URL=api.url):
        client = avito.Client(AVITO_ID, AVITO_SECRET, PROFILE)
        client.publish(MESSAGE, "m:u2i-new:m3", "слово " * 300)
    assert api.state["issued"] == 2
    assert len(api.sent["u2i-new"]) == 2 and all(len(part) <= 1000 for part in api.sent["u2i-new"])
    assert " ".join(api.sent["u2i-new"]).split() == ["слово"] * 300


def test_refused_avito_keys_are_an_auth_error_without_retry():
    with avito_api() as api, override_settings(AVITO_API_URL=api.url), pytest.raises(MarketplaceError) as error:
        avito.Client(AVITO_ID, "wrong", PROFILE).fetch()
    assert error.value.auth and "client_secret не приняты" in str(error.value)
    with pytest.raises(MarketplaceError, match="номер профиля"):
        client_for("avito", {"client_id": AVITO_ID, "client_secret": AVITO_SECRET, "user_id": ""})


PORTAL_USER, PORTAL_KEY, CUSTOMER = 7, "webhook-key-1", 501
DIALOGS = {
    "chat12": {"title": "Айгерим — Telegram", "messages": [
        {"id": 100, "author_id": 0, "date": "2026-03-01T10:00:00+00:00", "text": "Начат диалог"},
        {"id": 101, "author_id": CUSTOMER, "date": "2026-03-01T10:01:00+00:00", "text": "Добрый день"},
        {"id": 102, "author_id": 9, "date": "2026-03-01T10:02:00+00:00", "text": "Здравствуйте! Слушаю вас."},
        {"id": 103, "author_id": CUSTOMER, "date": "2026-03-01T10:05:00+00:00", "text": "Как отменить"},
        {"id": 104, "author_id": CUSTOMER, "date": "2026-03-01T10:06:00+00:00", "text": "бронирование?"},
    ]},
    "chat13": {"title": "Ерлан — сайт", "messages": [
        {"id": 200, "author_id": 502, "date": "2026-03-01T11:00:00+00:00", "text": "Есть парковка?"},
        {"id": 201, "author_id": PORTAL_USER, "date": "2026-03-01T11:01:00+00:00", "text": "Да, есть."},
    ]},
}  # fmt: skip
USERS = [
    {"id": CUSTOMER, "name": "Айгерим", "connector": True, "bot": False},
    {"id": 502, "name": "Ерлан", "connector": True, "bot": False},
    {"id": 9, "name": "Оператор", "connector": False, "bot": False},
]


def bitrix_api(**kwargs):
    return fake_bitrix(user_id=PORTAL_USER, key=PORTAL_KEY, dialogs=DIALOGS, users=USERS, **kwargs)


def test_the_bitrix_adapter_reads_open_lines_through_the_webhook_and_answers_into_the_chat():
    with bitrix_api() as api:
        client = bitrix.Client(f"{api.url}/rest/{PORTAL_USER}/{PORTAL_KEY}/")
        items = client.fetch(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
        client.publish(MESSAGE, items[0].external_id, "Отменить можно в личном кабинете.")
    assert [(i.external_id, i.text, i.product) for i in items] == [
        ("m:chat12:104", "Как отменить\nбронирование?", "Айгерим — Telegram")
    ]  # chat13's last word is ours; in chat12 the operator answered the greeting
    assert items[0].created_at == datetime(2026, 3, 1, 10, 6, tzinfo=UTC)
    recent, history = api.requests[0], api.requests[1]
    assert recent.path == f"/rest/{PORTAL_USER}/{PORTAL_KEY}/im.recent.get"
    assert recent.json == {"ONLY_OPENLINES": "Y", "LAST_UPDATE": "2026-03-01T09:00:00+00:00"}
    assert history.json == {"DIALOG_ID": "chat12", "LIMIT": 50}
    assert api.requests[-1].json == {"DIALOG_ID": "chat12", "MESSAGE": "Отменить можно в личном кабинете."}
    assert api.posted == [("chat12", "Отменить можно в личном кабинете.")]


def test_a_refused_bitrix_key_and_a_missing_address_are_auth_errors_and_the_limit_is_retried():
    with bitrix_api(fail_times=1) as api:
        with pytest.raises(MarketplaceError) as refused:
            bitrix.Client(f"{api.url}/rest/{PORTAL_USER}/wrong-key/").fetch()
        with pytest.raises(MarketplaceError) as limited:
            bitrix.Client(f"{api.url}/rest/{PORTAL_USER}/{PORTAL_KEY}").publish(MESSAGE, "m:chat12:104", "Ответ")
    assert refused.value.auth and "401" in str(refused.value)
    assert not limited.value.permanent and "QUERY_LIMIT_EXCEEDED" in str(limited.value)
    with pytest.raises(MarketplaceError, match="адрес входящего вебхука") as missing:
        client_for("bitrix", {"webhook_url": "https://portal.example/"})
    assert missing.value.auth


@pytest.mark.parametrize("platform", ["avito", "bitrix"])
def test_a_customers_turn_is_stored_once_drafted_approved_and_published_back(rentals_bot, platform):
    api = avito_api() if platform == "avito" else bitrix_api()
    with api, override_settings(AVITO_API_URL=api.url):
        if platform == "avito":
            shop = MarketplaceShop.objects.create(bot=rentals_bot, name="Авито", platform="avito", client_id=AVITO_ID,
                                                  account_id=PROFILE, api_key=crypto.encrypt(AVITO_SECRET))  # fmt: skip
        else:
            webhook = f"{api.url}/rest/{PORTAL_USER}/{PORTAL_KEY}/"
            shop = MarketplaceShop.objects.create(
                bot=rentals_bot, name="Битрикс24", platform="bitrix", api_key=crypto.encrypt(webhook)
            )

        def sync_everything():  # from the start, not only since the last fetch
            MarketplaceShop.objects.filter(pk=shop.pk).update(fetched_until=None)
            marketplaces.sync_shop(MarketplaceShop.objects.get(pk=shop.pk), now=NOW)

        sync_everything()
        sync_everything()  # fetched again: stored once
        question = MarketplaceQuestion.objects.get(shop=shop)
        assert question.kind == QuestionKind.MESSAGE and "отменить" in question.text.lower()
        assert question.state == QuestionState.DRAFTED and "личном кабинете" in question.answer  # the FAQ
        question = marketplaces.approve(question, None, now=NOW)
        assert marketplaces.publish(question, now=NOW) is True
        sync_everything()  # answered: nothing new
    answers = api.sent["u2i-new"] if platform == "avito" else [text for _dialog, text in api.posted]
    assert answers == [question.answer]
    assert MarketplaceQuestion.objects.filter(shop=shop).count() == 1
    assert MarketplaceQuestion.objects.get(pk=question.pk).state == QuestionState.PUBLISHED


def test_the_head_of_sales_adds_an_avito_shop_with_its_profile_number_and_the_secret_stays_hidden(client, rentals_bot):
    client.force_login(manager(sites=[rentals_bot.site], head=True))
    url = reverse("wagtailsnippets_assistant_marketplaceshop:add")
    data = {"bot": rentals_bot.pk, "name": "Авито", "platform": "avito", "client_id": AVITO_ID, "is_enabled": "on",
            "auto_publish_confidence": "0.9", "new_api_key": AVITO_SECRET}  # fmt: skip
    refused = client.post(url, {**data, "account_id": "мой профиль"})
    assert refused.status_code == 200 and "только цифры" in refused.content.decode()
    assert client.post(url, {**data, "account_id": PROFILE}).status_code == 302
    shop = MarketplaceShop.objects.get(platform="avito")
    assert shop.credentials() == {"client_id": AVITO_ID, "client_secret": AVITO_SECRET, "user_id": PROFILE}
    edit = client.get(reverse("wagtailsnippets_assistant_marketplaceshop:edit", args=[shop.pk])).content.decode()
    assert AVITO_SECRET not in edit


def test_a_bitrix_shop_takes_only_a_webhook_address(client, rentals_bot):
    client.force_login(manager(sites=[rentals_bot.site], head=True))
    url = reverse("wagtailsnippets_assistant_marketplaceshop:add")
    data = {"bot": rentals_bot.pk, "name": "Битрикс24", "platform": "bitrix", "is_enabled": "on",
            "auto_publish_confidence": "0.9"}  # fmt: skip
    refused = client.post(url, {**data, "new_api_key": "webhook-key-1"})
    assert refused.status_code == 200 and "адрес входящего вебхука" in refused.content.decode()
    webhook = "https://portal.example/rest/7/webhook-key-1/"
    assert client.post(url, {**data, "new_api_key": webhook}).status_code == 302
    assert MarketplaceShop.objects.get(platform="bitrix").credentials() == {"webhook_url": webhook}
