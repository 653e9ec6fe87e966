"""Messages through the WhatsApp Cloud API (Meta Graph API).

POST {WHATSAPP_API_URL}/{phone_number_id}/messages, `Authorization: Bearer <token>`, body
{"messaging_product": "whatsapp", "to": "<wa_id>", "type": "text", "text": {"body": "..."}}; the answer is
{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id": "wamid..."}]} or
{"error": {"message", "type", "code"}}. Webhooks are signed: X-Hub-Signature-256 = "sha256=" + HMAC-SHA256 of
the raw body with the app secret."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings


class WhatsAppError(Exception):
    pass


def signature_ok(app_secret: str, body: bytes, header: str) -> bool:
    if not app_secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def send_text(*, phone_number_id: str, token: str, to: str, text: str) -> str:
    """Send plain text; returns WhatsApp's message id."""
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting)
        f"{settings.WHATSAPP_API_URL.rstrip('/')}/{phone_number_id}/messages",
        data=json.dumps({"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": text}}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        raise WhatsAppError(f"WhatsApp answered {error.code}") from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise WhatsAppError(f"WhatsApp API unreachable or answered badly: {error}") from error
    try:
        return answer["messages"][0]["id"]
    except (KeyError, IndexError, TypeError) as error:
        raise WhatsAppError(f"WhatsApp refused: {answer.get('error')}") from error
