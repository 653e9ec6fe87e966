"""Browser push (the Web Push protocol, RFC 8030/8291/8292) through pywebpush.

The browser gives us a subscription: a push-service endpoint URL and two keys (p256dh, auth). We POST
the payload encrypted for those keys (aes128gcm) to the endpoint, signed with our VAPID key; the
push service answers 201 when it has queued the message, 404/410 when the subscription is gone.
"""

import json

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from py_vapid.utils import b64urlencode
from pywebpush import WebPushException, webpush

# The subscription has expired or the user revoked it: retrying cannot help.
GONE_STATUSES = {404, 410}


class WebPushError(Exception):
    """The push service did not accept the message; the text says why."""

    def __init__(self, message, status_code=None):
        super().__init__(message)
        self.status_code = status_code

    @property
    def gone(self) -> bool:
        return self.status_code in GONE_STATUSES


def _vapid():
    if not settings.WEBPUSH_VAPID_PRIVATE_KEY:
        raise WebPushError("WEBPUSH_VAPID_PRIVATE_KEY is not set")
    return Vapid.from_string(settings.WEBPUSH_VAPID_PRIVATE_KEY)


def vapid_public_key() -> str:
    """The application server key for `pushManager.subscribe()`, base64url; empty when push is off."""
    if not settings.WEBPUSH_VAPID_PRIVATE_KEY:
        return ""
    point = _vapid().public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(point)


def generate_private_key() -> str:
    """A new VAPID private key in the form WEBPUSH_VAPID_PRIVATE_KEY takes (raw, base64url)."""
    vapid = Vapid()
    vapid.generate_keys()
    return b64urlencode(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))


def send_push(endpoint: str, p256dh: str, auth: str, payload: dict, ttl: int = 24 * 60 * 60) -> None:
    try:
        webpush(
            subscription_info={"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
            data=json.dumps(payload, ensure_ascii=False),
            vapid_private_key=_vapid(),
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            timeout=settings.WEBPUSH_TIMEOUT,
            ttl=ttl,
        )
    except WebPushException as error:
        raise WebPushError(f"Push service refused: {error.message}", status_code=error.status_code) from error
    except (OSError, ValueError) as error:
        # requests' connection errors are OSErrors; a malformed key raises ValueError.
        raise WebPushError(f"Push service unreachable or subscription invalid: {error}") from error
