"""Channels: the web chat widget (htmx, a signed cookie only once the visitor writes), Telegram's webhook of each
bot (its secret, redeliveries answered once, media answered politely) and WhatsApp's (verify token, signature)."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from assistant.models import Channel, Conversation, Message
from assistant.views import COOKIE
from core import crypto
from tests.fakes.telegram import sent_messages
from tests.fakes.whatsapp import sent_texts

pytestmark = pytest.mark.django_db

ZHILEGO = "zhilego.localhost"


def test_every_brand_page_has_the_widget_without_a_cookie(client, rentals_bot):
    response = client.get("/", HTTP_HOST=ZHILEGO)
    html = response.content.decode()
    assert 'class="assistant-chat"' in html
    assert reverse("assistant:chat") in html
    assert "<script>" not in html.split('class="assistant-chat"')[1]
    assert COOKIE not in response.cookies and "sessionid" not in response.cookies


def test_the_portal_without_a_bot_has_no_widget(client):
    assert 'class="assistant-chat"' not in client.get("/", HTTP_HOST="localhost").content.decode()


def test_the_chat_answers_and_keeps_the_conversation_across_pages(client, rentals_bot):
    panel = client.get(reverse("assistant:chat"), HTTP_HOST=ZHILEGO)
    assert rentals_bot.name in panel.content.decode()
    sent = client.post(reverse("assistant:chat_send"), {"text": "Как отменить бронирование?"}, HTTP_HOST=ZHILEGO)
    assert "личном кабинете" in sent.content.decode()
    assert COOKIE in sent.cookies
    client.post(reverse("assistant:chat_send"), {"text": "Во сколько заезд?"}, HTTP_HOST=ZHILEGO)
    assert Conversation.objects.filter(bot=rentals_bot, channel=Channel.WEB).count() == 1
    again = client.get(reverse("assistant:chat"), HTTP_HOST=ZHILEGO).content.decode()  # on another page
    assert "Как отменить бронирование?" in again and "Во сколько заезд?" in again


def test_the_chat_poll_brings_a_managers_answer(client, rentals_bot):
    from assistant import services

    client.post(reverse("assistant:chat_send"), {"text": "позовите менеджера"}, HTTP_HOST=ZHILEGO)
    conversation = Conversation.objects.get(bot=rentals_bot)
    last = conversation.messages.order_by("pk").last().pk
    assert client.get(reverse("assistant:chat_poll"), {"after": last}, HTTP_HOST=ZHILEGO).status_code == 204
    services.staff_reply(conversation, None, "Здравствуйте, это Михаил.")
    poll = client.get(reverse("assistant:chat_poll"), {"after": last}, HTTP_HOST=ZHILEGO)
    assert "это Михаил" in poll.content.decode()


def telegram_update(update_id, text="Как отменить бронирование?", **message):
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "chat": {"id": 5001, "type": "private"},
            "from": {"id": 5001, "first_name": "Айгерим", "language_code": "ru"},
            **({"text": text} if text is not None else {}),
            **message,
        },
    }


@pytest.fixture
def telegram_bot(rentals_bot):
    rentals_bot.set_secret("telegram_token", "assistant-bot-token")
    rentals_bot.save()
    return rentals_bot


def post_telegram(client, bot, update, secret=None):
    return client.post(
        reverse("assistant:telegram_webhook", args=[bot.webhook_key]),
        json.dumps(update),
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=secret if secret is not None else bot.telegram_secret,
    )


def test_telegram_wants_the_bots_secret(client, telegram_bot):
    assert post_telegram(client, telegram_bot, telegram_update(1), secret="wrong").status_code == 403
    assert not Message.objects.exists()


def test_telegram_answers_once_even_when_the_update_comes_again(
    client, telegram_bot, telegram_api, django_capture_on_commit_callbacks
):
    with telegram_api(token="assistant-bot-token") as api:
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                assert post_telegram(client, telegram_bot, telegram_update(77)).status_code == 200
    sent = sent_messages(api)
    assert len(sent) == 1
    assert str(sent[0][0]) == "5001" and "личном кабинете" in sent[0][1]
    assert Message.objects.filter(channel=Channel.TELEGRAM, role="customer").count() == 1
    assert Message.objects.get(channel=Channel.TELEGRAM, role="bot").delivery == "sent"


def test_telegram_media_is_answered_politely(client, telegram_bot, telegram_api, django_capture_on_commit_callbacks):
    with telegram_api(token="assistant-bot-token") as api, django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, telegram_bot, telegram_update(78, text=None, photo=[{"file_id": "x"}]))
    assert "только текст" in sent_messages(api)[0][1]


def test_the_linking_webhook_still_answers_on_its_own_path(client, settings, telegram_api):
    settings.TELEGRAM_WEBHOOK_SECRET = "link-secret"
    response = client.post(
        "/telegram/webhook/",
        json.dumps(telegram_update(1, text="/help")),
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="link-secret",
    )
    assert response.status_code == 200
    assert not Message.objects.exists()


@pytest.fixture
def whatsapp_bot(rentals_bot):
    rentals_bot.whatsapp_phone_number_id = "1055"
    rentals_bot.whatsapp_token = crypto.encrypt("test-wa-token")
    rentals_bot.whatsapp_app_secret = crypto.encrypt("app-secret")
    rentals_bot.save()
    return rentals_bot


def whatsapp_payload(message_id, text="Как отменить бронирование?", kind="text"):
    message = {"from": "77015550000", "id": message_id, "timestamp": "1765000000", "type": kind}
    if kind == "text":
        message["text"] = {"body": text}
    else:
        message[kind] = {"id": "media-1"}
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "waba",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "1055"},
                            "contacts": [{"profile": {"name": "Даурен"}, "wa_id": "77015550000"}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }


def post_whatsapp(client, bot, payload, secret="app-secret"):  # noqa: S107
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        reverse("assistant:whatsapp_webhook", args=[bot.webhook_key]),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )


def test_whatsapp_verification_echoes_the_challenge_for_the_right_token(client, whatsapp_bot):
    url = reverse("assistant:whatsapp_webhook", args=[whatsapp_bot.webhook_key])
    good = {"hub.mode": "subscribe", "hub.verify_token": whatsapp_bot.whatsapp_verify_token, "hub.challenge": "4242"}
    assert client.get(url, good).content == b"4242"
    assert client.get(url, {**good, "hub.verify_token": "nope"}).status_code == 403


def test_whatsapp_checks_the_signature(client, whatsapp_bot):
    assert post_whatsapp(client, whatsapp_bot, whatsapp_payload("wamid.1"), secret="forged").status_code == 403
    assert not Message.objects.exists()


def test_whatsapp_answers_once_and_media_politely(
    client, whatsapp_bot, whatsapp_api, django_capture_on_commit_callbacks
):
    with whatsapp_api() as api:
        for payload in (
            whatsapp_payload("wamid.1"),
            whatsapp_payload("wamid.1"),
            whatsapp_payload("wamid.2", kind="image"),
        ):
            with django_capture_on_commit_callbacks(execute=True):
                assert post_whatsapp(client, whatsapp_bot, payload).status_code == 200
    sent = sent_texts(api)
    assert len(sent) == 2
    assert sent[0][0] == "77015550000" and "личном кабинете" in sent[0][1]
    assert "только текст" in sent[1][1]
    assert Conversation.objects.get(channel=Channel.WHATSAPP).customer_name == "Даурен"
