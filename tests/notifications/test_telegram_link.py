"""Linking a Telegram chat: a signed t.me link on the preferences page, "/start <token>" at our webhook."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from notifications.models import Notification, TelegramLink
from notifications.telegram_link import start_payload
from tests.fakes.telegram import sent_messages
from tests.utils import parse_html

pytestmark = pytest.mark.django_db

WEBHOOK = "/telegram/webhook/"
SECRET = "webhook-secret-for-tests"


@pytest.fixture(autouse=True)
def bot(settings):
    settings.TELEGRAM_BOT_USERNAME = "platform_test_bot"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


def update(text, chat_id=5001, chat_type="private", username="aigerim"):
    return {
        "update_id": 1,
        "message": {
            "message_id": 7,
            "from": {"id": chat_id, "is_bot": False, "username": username},
            "chat": {"id": chat_id, "type": chat_type},
            "text": text,
        },
    }


def post_update(client, data, secret=SECRET):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post(WEBHOOK, json.dumps(data), content_type="application/json", **headers)


def test_the_page_offers_a_signed_link_to_the_bot(client, make_user):
    user = make_user()
    client.force_login(user)
    link = parse_html(client.get("/account/notifications/")).find("a", string="Подключить Telegram")["href"]
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("t.me", "/platform_test_bot")
    payload = parse_qs(parts.query)["start"][0]
    assert len(payload) <= 64 and payload.replace("_", "").replace("-", "").isalnum()


def test_start_with_the_token_links_the_chat_and_says_so(
    client, make_user, telegram_api, django_capture_on_commit_callbacks
):
    user = make_user(language="en")
    with telegram_api() as api, django_capture_on_commit_callbacks(execute=True):
        assert post_update(client, update(f"/start {start_payload(user)}")).status_code == 200
    link = TelegramLink.objects.get(user=user)
    assert (link.chat_id, link.username) == (5001, "aigerim")
    [(chat_id, text)] = sent_messages(api)
    assert chat_id == "5001" and text.startswith("Telegram connected")
    assert Notification.objects.get(recipient=user).kind == "account.telegram_linked"
    client.force_login(user)
    page = parse_html(client.get("/account/notifications/"))
    assert not page.select("input[value='booking.confirmed:telegram'][disabled]")
    assert page.select_one("input[value='booking.confirmed:telegram']").has_attr("checked")


def test_a_chat_serves_one_account(client, make_user):
    first, second = make_user(), make_user()
    post_update(client, update(f"/start {start_payload(first)}"))
    post_update(client, update(f"/start {start_payload(second)}"))
    assert list(TelegramLink.objects.values_list("user", "chat_id")) == [(second.pk, 5001)]


@pytest.mark.parametrize("text", ["/start", "/start 1_bad-token", "/start zzzzzz_x", "привет"])
def test_a_wrong_or_missing_token_links_nothing_and_explains(client, make_user, text):
    make_user()
    assert post_update(client, update(text)).status_code == 200
    assert not TelegramLink.objects.exists()
    [help_message] = Notification.objects.all()
    assert (help_message.kind, help_message.address, help_message.recipient) == ("account.telegram_help", "5001", None)
    assert "Подключить Telegram" in help_message.body


def test_stop_unlinks(client, make_user):
    user = make_user(telegram_chat=5001)
    post_update(client, update("/stop"))
    assert not TelegramLink.objects.filter(user=user).exists()


def test_group_chats_and_other_updates_are_ignored(client, make_user):
    user = make_user()
    assert post_update(client, update(f"/start {start_payload(user)}", chat_type="group")).status_code == 200
    assert post_update(client, {"update_id": 2, "edited_message": {}}).status_code == 200
    assert not TelegramLink.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("secret", [None, "wrong"])
def test_the_webhook_wants_the_secret(client, make_user, secret):
    user = make_user()
    assert post_update(client, update(f"/start {start_payload(user)}"), secret=secret).status_code == 403
    assert not TelegramLink.objects.exists()


def test_without_a_configured_secret_the_webhook_is_closed(client, make_user, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    user = make_user()
    assert post_update(client, update(f"/start {start_payload(user)}"), secret="").status_code == 403


def test_the_user_unlinks_from_the_page(client, make_user):
    user = make_user(telegram_chat=5002)
    client.force_login(user)
    assert "Отключить Telegram" in client.get("/account/notifications/").content.decode()
    response = client.post("/account/notifications/telegram/unlink/", follow=True)
    assert not TelegramLink.objects.filter(user=user).exists()
    assert "Telegram отключён" in response.content.decode()


def message_with(**fields):
    return json.dumps({"update_id": 3, "message": {"chat": {"id": 5001, "type": "private"}, "text": "/stop"} | fields})


DEEP = 100_000
MALFORMED_UPDATES = {
    "chat a string": json.dumps({"message": {"chat": "x"}}),
    "message a string": json.dumps({"message": "x"}),
    "message a list": json.dumps({"message": [1]}),
    "chat a list": message_with(chat=[5001]),
    "chat id a string": message_with(chat={"id": "x", "type": "private"}),
    "chat id true": message_with(chat={"id": True, "type": "private"}),
    "chat id beyond 64 bits": message_with(chat={"id": 2**70, "type": "private"}),
    "chat id missing": message_with(chat={"type": "private"}),
    "text a number": message_with(text=5),
    "text an object": message_with(text={"t": "/stop"}),
    "NUL in the text": message_with(text="/start \u0000"),
    "NUL in the username": message_with(text="/start abc", **{"from": {"username": "a\u0000"}}),
    "username a number": message_with(**{"from": {"username": 7}}),
    "a JSON array": "[]",
    "a JSON string": '"x"',
    "NaN literal": "NaN",
    "deeply nested": '{"message":' * DEEP + "1" + "}" * DEEP,
    "not JSON": "message=1",
    "not UTF-8": b"\xff\xfe{}",
    "empty": "",
}


@pytest.mark.parametrize("body", MALFORMED_UPDATES.values(), ids=MALFORMED_UPDATES.keys())
def test_a_malformed_update_with_the_right_secret_is_answered_and_does_nothing(client, make_user, body):
    """Telegram resends anything not answered 200, so a shape it never sends gets a 200 that acts on nothing."""
    make_user(telegram_chat=5001)
    response = client.post(WEBHOOK, body, content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET)
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert TelegramLink.objects.get().chat_id == 5001  # "/stop" in a malformed message did not unlink
    assert not Notification.objects.exists()


def test_an_update_over_the_upload_limit_is_answered_and_does_nothing(client, make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    make_user(telegram_chat=5001)
    body = message_with(padding="x" * 200)
    response = client.post(WEBHOOK, body, content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET)
    assert response.status_code == 200
    assert TelegramLink.objects.exists() and not Notification.objects.exists()
