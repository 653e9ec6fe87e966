import pytest

from integrations.telegram import (
    TelegramError,
    answer_callback_query,
    send_media_group,
    send_message,
    send_photo,
)
from tests.fakes.telegram import sent_messages


def test_sends_json_to_send_message_with_the_token_in_the_path(telegram_api):
    with telegram_api() as api:
        first = send_message(1001, "Бронь подтверждена")
        second = send_message("1001", "Ещё одно")
    assert (first, second) == (1, 2)
    assert sent_messages(api) == [(1001, "Бронь подтверждена"), ("1001", "Ещё одно")]
    assert api.requests[0].path == "/bottest-bot-token/sendMessage"


def test_a_missing_chat_is_a_permanent_error(telegram_api):
    with telegram_api(known_chats={1}), pytest.raises(TelegramError, match="chat not found") as error:
        send_message(2, "x")
    assert error.value.error_code == 400 and error.value.permanent


def test_a_wrong_token_is_permanent(telegram_api, settings):
    with telegram_api(token="other"), pytest.raises(TelegramError, match="401") as error:
        send_message(1, "x")
    assert error.value.permanent


def test_a_gateway_error_is_worth_retrying(telegram_api):
    with telegram_api(fail_times=1) as api, pytest.raises(TelegramError, match="502") as error:
        send_message(1, "x")
    assert not error.value.permanent
    assert len(api.requests) == 1


def test_unreachable_api_is_worth_retrying(settings):
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"
    settings.TELEGRAM_BOT_TOKEN = "x"
    with pytest.raises(TelegramError, match="unreachable") as error:
        send_message(1, "x")
    assert not error.value.permanent


def test_missing_token_raises(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(TelegramError, match="TELEGRAM_BOT_TOKEN"):
        send_message(1, "x")


def test_inline_buttons_photos_albums_and_callback_answers(telegram_api):
    markup = {"inline_keyboard": [[{"text": "Ещё", "callback_data": "p:1"}]]}
    with telegram_api() as api:
        send_message(1001, "Показать ещё?", reply_markup=markup)
        photo_id = send_photo(1001, ("flat.jpg", b"\xff\xd8jpeg"), caption="Студия", reply_markup=markup)
        album = send_media_group(1001, [("a.jpg", b"one"), ("b.jpg", b"two")], caption="Студия")
        answer_callback_query("query-1")
    assert api.channel[1]["reply_markup"] == markup
    assert api.channel[photo_id] == {
        "message_id": 2, "chat": {"id": "1001"}, "photo": [{"file_name": "flat.jpg", "size": 6}],
        "caption": "Студия", "reply_markup": markup,
    }  # fmt: skip
    assert [api.channel[i]["caption"] for i in album] == ["Студия", ""]
    assert api.callbacks == [{"callback_query_id": "query-1", "text": ""}]


def test_an_unanswerable_callback_query_is_a_permanent_error(telegram_api):
    with telegram_api(), pytest.raises(TelegramError, match="query ID is invalid") as error:
        answer_callback_query("")
    assert error.value.permanent
