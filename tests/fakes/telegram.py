"""A fake of the Telegram Bot API: sendMessage (the notifications' and bots' messages, inline keyboards kept as
sent), answerCallbackQuery, and a channel's posts through
sendPhoto / sendMediaGroup (photos uploaded as multipart), editMessageCaption, editMessageText and deleteMessage.
It answers like the real one and keeps what it was sent (`service.channel`: message id -> message)."""

import json
import time

from .http import FakeService


def telegram_handler(token="test-bot-token", known_chats=None, fail_times=0, slow=None):  # noqa: S107
    """known_chats: chat ids that exist (None: every chat does); fail_times: first N calls answer 502;
    slow: {method: seconds} to wait before answering (the work is done: a client that gives up earlier has
    sent a post whose answer it never sees)."""
    state = {"failures_left": fail_times, "message_id": 0}
    channel = {}
    callbacks = []

    def error(code, description, **extra):
        return code, {"ok": False, "error_code": code, "description": description, **extra}

    def new_message(chat_id, **fields):
        state["message_id"] += 1
        message = {"message_id": state["message_id"], "chat": {"id": chat_id}, **fields}
        channel[state["message_id"]] = message
        return message

    def send_message(data):
        if not str(data.get("text", "")).strip():
            return error(400, "Bad Request: message text is empty")
        extra = {"reply_markup": data["reply_markup"]} if data.get("reply_markup") else {}
        return 200, {"ok": True, "result": new_message(data["chat_id"], text=data["text"], **extra)}

    def send_media_group(data, request):
        media = json.loads(data.get("media") or "[]")
        if not 2 <= len(media) <= 10:
            return error(400, "Bad Request: media group must include 2-10 items")
        files = request.parts
        messages = []
        for item in media:
            attached = item["media"].removeprefix("attach://")
            if attached not in files or not isinstance(files[attached], tuple):
                return error(400, f"Bad Request: file {attached} not found")
        for item in media:
            filename, content = files[item["media"].removeprefix("attach://")]
            messages.append(
                new_message(
                    data["chat_id"],
                    photo=[{"file_name": filename, "size": len(content)}],
                    caption=item.get("caption", ""),
                )
            )
        return 200, {"ok": True, "result": messages}

    def send_photo(data, request):
        photo = request.parts.get("photo")
        if not isinstance(photo, tuple):
            return error(400, "Bad Request: there is no photo in the request")
        message = new_message(data["chat_id"], photo=[{"file_name": photo[0], "size": len(photo[1])}])
        message["caption"] = data.get("caption", "")
        if data.get("reply_markup"):
            message["reply_markup"] = json.loads(data["reply_markup"])
        return 200, {"ok": True, "result": message}

    def edit(data, field):
        message = channel.get(int(data.get("message_id") or 0))
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        if field not in message:
            return error(400, f"Bad Request: there is no {field} in the message to edit")
        if message[field] == data.get(field):
            return error(400, "Bad Request: message is not modified")
        message[field] = data.get(field)
        return 200, {"ok": True, "result": message}

    def delete(data):
        if channel.pop(int(data.get("message_id") or 0), None) is None:
            return error(400, "Bad Request: message to delete not found")
        return 200, {"ok": True, "result": True}

    def handle(request):
        prefix, _, method = request.path.rpartition("/")
        if prefix != f"/bot{token}":
            return error(401, "Unauthorized") if method else error(404, "Not Found")
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return 502, b"<html><body>502 Bad Gateway</body></html>"
        data = request.data
        if method == "answerCallbackQuery":  # no chat: the query's id says which button
            if not data.get("callback_query_id"):
                return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            callbacks.append(data)
            return 200, {"ok": True, "result": True}
        if known_chats is not None and str(data.get("chat_id")) not in {str(chat) for chat in known_chats}:
            return error(400, "Bad Request: chat not found")
        if method == "sendMessage":
            answer = send_message(data)
        elif method == "sendPhoto":
            answer = send_photo(data, request)
        elif method == "sendMediaGroup":
            answer = send_media_group(data, request)
        elif method == "editMessageCaption":
            answer = edit(data, "caption")
        elif method == "editMessageText":
            answer = edit(data, "text")
        elif method == "deleteMessage":
            answer = delete(data)
        else:
            return error(404, "Not Found")
        if slow and method in slow:
            time.sleep(slow[method])
        return answer

    handle.channel = channel
    handle.callbacks = callbacks
    return handle


def fake_telegram(**kwargs):
    handler = telegram_handler(**kwargs)
    service = FakeService(handler)
    service.channel = handler.channel
    service.callbacks = handler.callbacks  # the answerCallbackQuery calls, in order
    return service


def sent_messages(service):
    """(chat_id, text) of every sendMessage the fake got, in order."""
    return [(r.data.get("chat_id"), r.data.get("text")) for r in service.requests if r.path.endswith("/sendMessage")]
