"""Kaspi Pay merchant API, as this project speaks it.

Kaspi does not publish its merchant API in detail, so this is the protocol we implement, and
`tests/fakes/kaspi.py` speaks the same; adjust both together when the real contract is signed.

Conventions
    Base URL KASPI_API_URL, merchant KASPI_MERCHANT_ID, shared secret KASPI_SECRET.
    Bodies are JSON (UTF-8). Amounts are strings with two decimals ("45000.00"), currency ISO 4217.
    Every request we send and every webhook Kaspi sends carries
        X-Kaspi-Signature: <lower-case hex HMAC-SHA256 of the raw body, key KASPI_SECRET>
    and our requests also carry X-Merchant-Id. A request that must not take effect twice carries
    Idempotency-Key; a repeat with the same key returns the first answer.
    Any answer outside 2xx is {"error": {"code": "...", "message": "..."}}.

Create a payment
    POST /v1/payments                       Idempotency-Key: <order_id>
    {"merchant_id", "order_id", "amount", "currency", "description", "return_url", "webhook_url"}
    -> 201 {"payment_id", "status": "created", "redirect_url", "qr_url"}
    The guest pays on redirect_url (or scans the QR code at qr_url in the Kaspi app) and comes
    back to return_url; the outcome arrives by webhook.

Refund all or part of a paid payment
    POST /v1/payments/{payment_id}/refunds  Idempotency-Key: <our refund reference>
    {"amount", "reason"}
    -> 201 {"refund_id", "status": "succeeded", "amount"}
    Refunds are synchronous; more than the payment's unrefunded rest is refused (409).

Webhook (Kaspi -> webhook_url), POST, signed as above, delivered at least once:
    {"event_id", "type": "payment.succeeded" | "payment.failed" | "refund.succeeded",
     "payment_id", "order_id", "amount", "currency", "created_at"}
"""

import hashlib
import hmac
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

SIGNATURE_HEADER = "X-Kaspi-Signature"
MAX_ID_LENGTH = 100  # event and payment ids
MAX_TYPE_LENGTH = 50
MAX_AMOUNT = Decimal(10) ** 10
CENT = Decimal("0.01")
NUL_ESCAPE = re.compile(rb"\\u0000")
CURRENCY = re.compile(r"[A-Z]{3}")


class KaspiError(Exception):
    """Kaspi refused the request or could not be reached; the text says why (for logs, not for guests)."""


class KaspiSignatureError(KaspiError):
    """A webhook whose signature does not match: not from Kaspi, or altered on the way."""


@dataclass(frozen=True)
class KaspiPayment:
    payment_id: str
    redirect_url: str
    qr_url: str


@dataclass(frozen=True)
class KaspiRefund:
    refund_id: str
    status: str


@dataclass(frozen=True)
class KaspiEvent:
    event_id: str
    type: str
    payment_id: str
    amount: Decimal | None
    currency: str
    payload: dict


def sign(body: bytes, secret: str | None = None) -> str:
    key = (settings.KASPI_SECRET if secret is None else secret).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def signature_is_valid(body: bytes, signature: str) -> bool:
    # An empty secret would let anyone sign, so nothing is valid until the secret is set.
    return bool(settings.KASPI_SECRET) and hmac.compare_digest(sign(body), signature or "")


def format_amount(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _post(path: str, payload: dict, idempotency_key: str) -> dict:
    if not (settings.KASPI_MERCHANT_ID and settings.KASPI_SECRET):
        raise KaspiError("KASPI_MERCHANT_ID and KASPI_SECRET must be set")
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting, http or https)
        settings.KASPI_API_URL.rstrip("/") + path,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Merchant-Id": settings.KASPI_MERCHANT_ID,
            SIGNATURE_HEADER: sign(body),
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.KASPI_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        raise KaspiError(f"Kaspi refused {path}: {error.code} {_error_text(error)}") from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise KaspiError(f"Kaspi unreachable or answered badly: {error}") from error


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        details = json.loads(error.read().decode()).get("error", {})
    except (ValueError, AttributeError):
        return ""
    return f"{details.get('code', '')} {details.get('message', '')}".strip()


def create_payment(
    *, order_id: str, amount: Decimal, currency: str, description: str, return_url: str, webhook_url: str
) -> KaspiPayment:
    answer = _post(
        "/v1/payments",
        {
            "merchant_id": settings.KASPI_MERCHANT_ID,
            "order_id": order_id,
            "amount": format_amount(amount),
            "currency": currency,
            "description": description,
            "return_url": return_url,
            "webhook_url": webhook_url,
        },
        idempotency_key=order_id,
    )
    try:
        return KaspiPayment(str(answer["payment_id"]), answer["redirect_url"], answer.get("qr_url", ""))
    except (KeyError, TypeError) as error:
        raise KaspiError(f"Kaspi answered without {error}") from error


def refund(*, payment_id: str, amount: Decimal, reason: str, idempotency_key: str) -> KaspiRefund:
    answer = _post(
        f"/v1/payments/{payment_id}/refunds",
        {"amount": format_amount(amount), "reason": reason},
        idempotency_key=idempotency_key,
    )
    if answer.get("status") != "succeeded" or not answer.get("refund_id"):
        raise KaspiError(f"Kaspi did not complete the refund: {answer}")
    return KaspiRefund(str(answer["refund_id"]), answer["status"])


def parse_webhook(body: bytes, signature: str) -> KaspiEvent:
    """The event in a webhook, once its signature is checked; KaspiSignatureError or KaspiError otherwise."""
    if not signature_is_valid(body, signature):
        raise KaspiSignatureError("bad or missing signature")
    return read_event(body)


def read_event(body: bytes) -> KaspiEvent:
    """An event's JSON, checked field by field so that nothing malformed gets further (KaspiError otherwise).

    Only the known fields are kept: what is stored can always be stored (no NUL, bounded lengths)."""
    if b"\x00" in body or NUL_ESCAPE.search(body):
        raise KaspiError("malformed webhook: a NUL character")
    try:
        payload = json.loads(body.decode(), parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise KaspiError(f"malformed webhook: not JSON ({type(error).__name__})") from error
    if not isinstance(payload, dict):
        raise KaspiError("malformed webhook: not a JSON object")
    amount = payload.get("amount")
    event_id = _text(payload, "event_id", MAX_ID_LENGTH, numbers=True)
    event_type = _text(payload, "type", MAX_TYPE_LENGTH)
    payment_id = _text(payload, "payment_id", MAX_ID_LENGTH, numbers=True)
    amount = None if amount is None else parse_amount(amount)
    currency = _text(payload, "currency", 3, required=False)
    if currency and not CURRENCY.fullmatch(currency):
        raise KaspiError("malformed webhook: currency must be an ISO 4217 code")
    kept = {
        "event_id": event_id,
        "type": event_type,
        "payment_id": payment_id,
        "amount": None if amount is None else format_amount(amount),
        "currency": currency,
    }
    for key in ("order_id", "created_at"):
        if isinstance(payload.get(key), str) and payload[key].isprintable():
            kept[key] = payload[key][:MAX_ID_LENGTH]
    return KaspiEvent(event_id, event_type, payment_id, amount, currency, kept)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number")


def _text(payload: dict, key: str, max_length: int, *, required=True, numbers=False) -> str:
    """A text field of 1..max_length printable characters (ids may come as JSON integers)."""
    value = payload.get(key)
    if value is None and not required:
        return ""
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value or len(value) > max_length or not value.isprintable():
        raise KaspiError(f"malformed webhook: {key} must be text of 1-{max_length} printable characters")
    return value


def parse_amount(value) -> Decimal:
    """An amount as Kaspi writes it ("45000.00", or a JSON number): finite, not negative, at most two decimals."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise KaspiError("malformed amount: not a number")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, ValueError) as error:
        raise KaspiError("malformed amount: not a number") from error
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or amount != amount.quantize(CENT):
        raise KaspiError("malformed amount: not an amount of money")
    return amount.quantize(CENT)
