"""SMS through an SMS.ru-style HTTP API.

POST {SMS_API_URL}/sms/send with api_id, to, msg, from and json=1; the answer is
{"status": "OK", "sms": {"<phone>": {"status": "OK", "sms_id": "..."}}} or a status
"ERROR" with status_code and status_text, overall or per number.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from core.phones import digits_only


class SmsError(Exception):
    """The message was not accepted; the text says why (safe to log, never shown to visitors)."""


@dataclass(frozen=True)
class SmsReceipt:
    phone: str
    message_id: str


def send_sms(phone: str, text: str) -> SmsReceipt:
    if not settings.SMS_API_ID:
        raise SmsError("SMS_API_ID is not set")
    to = digits_only(phone)  # SMS.ru takes digits only, with the country code
    payload = {"api_id": settings.SMS_API_ID, "to": to, "msg": text, "json": "1"}
    if settings.SMS_SENDER:
        payload["from"] = settings.SMS_SENDER
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting, http or https)
        settings.SMS_API_URL.rstrip("/") + "/sms/send",
        data=urllib.parse.urlencode(payload).encode(),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise SmsError(f"SMS API unreachable or answered badly: {error}") from error

    if answer.get("status") != "OK":
        raise SmsError(f"SMS API refused: {answer.get('status_code')} {answer.get('status_text', '')}".strip())
    result = answer.get("sms", {}).get(to, {})
    if result.get("status") != "OK":
        raise SmsError(f"SMS to {to} refused: {result.get('status_code')} {result.get('status_text', '')}".strip())
    return SmsReceipt(phone=to, message_id=str(result.get("sms_id", "")))
