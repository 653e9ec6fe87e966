"""Messages through the Telegram Bot API.

POST {TELEGRAM_API_URL}/bot{TELEGRAM_BOT_TOKEN}/sendMessage with a JSON body {"chat_id", "text"};
the answer is {"ok": true, "result": {"message_id": ...}} or {"ok": false, "error_code": 400,
"description": "Bad Request: chat not found"}.
"""

import json
import urllib.error
import urllib.request

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


def send_message(chat_id: int | str, text: str, token: str = "") -> int:
    """Send plain text to a chat; returns Telegram's message id. `token`: another bot's (the assistant's bots)."""
    token = token or settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise TelegramError("TELEGRAM_BOT_TOKEN is not set", error_code=401)
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting, http or https)
        f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{token}/sendMessage",
        data=json.dumps({"chat_id": chat_id, "text": text}).encode(),
        headers={"Content-Type": "application/json"},
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
    return answer["result"]["message_id"]
