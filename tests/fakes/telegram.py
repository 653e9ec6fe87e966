"""A fake of the Telegram Bot API's sendMessage: answers like the real one and keeps the messages."""

from .http import FakeService


def telegram_handler(token="test-bot-token", known_chats=None, fail_times=0):  # noqa: S107
    """known_chats: chat ids that exist (None: every chat does); fail_times: first N calls answer 502."""
    state = {"failures_left": fail_times, "message_id": 0}

    def handle(request):
        if not request.path.endswith("/sendMessage"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if request.path != f"/bot{token}/sendMessage":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return 502, b"<html><body>502 Bad Gateway</body></html>"
        message = request.json
        if not str(message.get("text", "")).strip():
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
        if known_chats is not None and int(message.get("chat_id")) not in known_chats:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        state["message_id"] += 1
        return 200, {
            "ok": True,
            "result": {"message_id": state["message_id"], "chat": {"id": message["chat_id"]}, "text": message["text"]},
        }

    return handle


def fake_telegram(**kwargs):
    return FakeService(telegram_handler(**kwargs))


def sent_messages(service):
    """(chat_id, text) of every sendMessage the fake got, in order."""
    return [(r.json.get("chat_id"), r.json.get("text")) for r in service.requests if r.path.endswith("/sendMessage")]
