"""Messages through the Telegram Bot API.

POST {TELEGRAM_API_URL}/bot{TELEGRAM_BOT_TOKEN}/sendMessage with a JSON body {"chat_id", "text"};
the answer is {"ok": true, "result": {"message_id": ...}} or {"ok": false, "error_code": 400,
"description": "Bad Request: chat not found"}.
"""

import json
import mimetypes
import urllib.error
import urllib.request
import uuid

from django.conf import settings

# Answers that retrying cannot fix: the chat is gone, the user blocked the bot, the token is wrong.
PERMANENT_ERROR_CODES = {400, 401, 403, 404}


class TelegramError(Exception):
    """The message was not accepted; the text says why (safe to log, never shown to visitors)."""

    def __init__(self, message, error_code=None):
        super().__init__(message)
        self.error_code = error_code

    @property
    def permanent(self) -> bool:
        return self.error_code in PERMANENT_ERROR_CODES


def send_message(chat_id: int | str, text: str, token: str = "", reply_markup: dict | None = None) -> int:
    """Send plain text to a chat; returns Telegram's message id. `token`: another bot's (the assistant's bots);
    `reply_markup`: inline keyboard buttons ({"inline_keyboard": [[{"text", "callback_data" or "url"}]]})."""
    data = {"chat_id": chat_id, "text": text}
    if reply_markup:
        data["reply_markup"] = reply_markup
    return call("sendMessage", data, token=token)["message_id"]


def send_photo(chat_id, photo: tuple[str, bytes], caption="", token="", reply_markup=None) -> int:
    """Upload one photo (file name, bytes) with a caption and buttons; returns the message id."""
    data = {"chat_id": chat_id, "caption": caption[:1024]}
    if reply_markup:
        data["reply_markup"] = json.dumps(reply_markup)
    return call("sendPhoto", data, token=token, files={"photo": photo})["message_id"]


def send_media_group(chat_id, photos: list[tuple[str, bytes]], caption="", token="") -> list[int]:
    """An album of 2 to 10 uploaded photos, the caption under the first; returns the messages' ids."""
    media = [
        {"type": "photo", "media": f"attach://photo{index}", **({"caption": caption[:1024]} if index == 0 else {})}
        for index in range(len(photos))
    ]
    files = {f"photo{index}": photo for index, photo in enumerate(photos)}
    answer = call("sendMediaGroup", {"chat_id": chat_id, "media": json.dumps(media)}, token=token, files=files)
    return [message["message_id"] for message in answer]


def answer_callback_query(callback_query_id: str, text: str = "", token: str = "") -> None:
    """Stop the button's spinner (Telegram wants it answered even with nothing to say)."""
    call("answerCallbackQuery", {"callback_query_id": callback_query_id, "text": text}, token=token)


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def call(method: str, data: dict, token: str = "", files: dict | None = None):
    """One Bot API method; returns its `result` or raises TelegramError."""
    token = token or settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise TelegramError("TELEGRAM_BOT_TOKEN is not set", error_code=401)
    if files:
        body, content_type = _multipart(data, files)
    else:
        body, content_type = json.dumps(data).encode(), "application/json"
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting, http or https)
        f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{token}/{method}",
        data=body,
        headers={"Content-Type": content_type},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.TELEGRAM_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        # The Bot API answers errors with a 4xx/5xx status and the same JSON body.
        try:
            answer = json.loads(error.read().decode())
        except ValueError:
            raise TelegramError(f"Telegram answered {error.code}", error_code=error.code) from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise TelegramError(f"Telegram API unreachable or answered badly: {error}") from error

    if not answer.get("ok"):
        code = answer.get("error_code")
        raise TelegramError(f"Telegram refused: {code} {answer.get('description', '')}".strip(), error_code=code)
    return answer["result"]
