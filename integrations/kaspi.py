"""Kaspi Pay remote payments, as merchants integrate them: an invoice pushed to the guest's Kaspi app.

The merchant (we) issues an invoice for the guest's phone number; the guest opens Kaspi.kz, sees
it and pays it, declines it, or lets it expire. We learn the outcome by asking for the invoice's
status: a beat task polls every open one (bookings/payments/services.py:poll_open_payments).
Webhooks, where Kaspi or an aggregator in front of it sends them, only make that faster.

Kaspi describes this API to contracted merchants only, so the paths and fields below are the
protocol this adapter speaks, modelled on what is publicly described of Kaspi Pay's partner API
(mutual TLS with the certificate Kaspi issues, a token, remote payment by phone, status, cancel,
refund); `tests/fakes/kaspi.py` speaks the same. Adjust both together to the signed contract.

Transport
    Base URL KASPI_API_URL. HTTPS with our client certificate when KASPI_CLIENT_CERT (and
    KASPI_CLIENT_KEY, PEM files) are set; KASPI_CA_FILE adds a CA to trust for Kaspi's server.
    Every request carries `Authorization: Bearer <KASPI_TOKEN>` and `X-Merchant-Id: <KASPI_MERCHANT_ID>`
    (our trade point). Bodies are JSON (UTF-8); amounts are strings with two decimals ("45000.00"),
    currency ISO 4217 (KZT). A request that must not take effect twice carries Idempotency-Key; a
    repeat with the same key returns the first answer. Any answer outside 2xx is
    {"error": {"code": "...", "message": "..."}}.

Issue an invoice to a phone
    POST /v1/remote-payments                        Idempotency-Key: <order_id>
    {"order_id", "phone": "+77011234567" (E.164), "amount", "currency", "comment", "expires_at" (ISO 8601)}
    -> 201 {"payment_id", "status": "waiting", "expires_at"}
    -> 422 not_a_kaspi_client: nobody with a Kaspi.kz account has that number.

Ask for its status
    GET /v1/remote-payments/{payment_id}
    -> 200 {"payment_id", "order_id", "status", "amount", "currency", "refunded_amount"}
    status: "waiting" until the guest acts, then one of "paid", "rejected" (the guest declined),
    "expired" (not paid by expires_at), "cancelled" (we withdrew it).

Withdraw a waiting invoice
    POST /v1/remote-payments/{payment_id}/cancel
    -> 200 {"status": "cancelled"}; 409 not_waiting with "status" beside "error" when it is no longer waiting.

Refund all or part of a paid invoice
    POST /v1/remote-payments/{payment_id}/refunds   Idempotency-Key: <our refund reference>
    {"amount", "reason"} -> 201 {"refund_id", "status": "succeeded", "amount"}
    More than the unrefunded rest is refused (409 amount_exceeds); an unpaid invoice too (409 not_paid).

Webhook (optional; Kaspi or an aggregator -> /payments/webhook/kaspi/), POST, at least once, signed
    X-Kaspi-Signature: <lower-case hex HMAC-SHA256 of the raw body, key KASPI_SECRET>
    {"event_id", "type": "payment.succeeded" | "payment.failed" | ..., "payment_id", "order_id", "amount", "currency"}
"""

import hashlib
import hmac
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings

SIGNATURE_HEADER = "X-Kaspi-Signature"
MAX_ID_LENGTH = 100  # event and payment ids
MAX_TYPE_LENGTH = 50
MAX_AMOUNT = Decimal(10) ** 10
CENT = Decimal("0.01")
NUL_ESCAPE = re.compile(rb"\\u0000")
CURRENCY = re.compile(r"[A-Z]{3}")
STATUSES = {"waiting", "paid", "rejected", "expired", "cancelled"}
NOT_A_KASPI_CLIENT = "not_a_kaspi_client"


class KaspiError(Exception):
    """Kaspi refused the request or could not be reached; the text says why (for logs, not for guests)."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


class KaspiSignatureError(KaspiError):
    """A webhook whose signature does not match: not from Kaspi, or altered on the way."""


@dataclass(frozen=True)
class KaspiInvoice:
    payment_id: str
    status: str


@dataclass(frozen=True)
class KaspiStatus:
    payment_id: str
    status: str
    amount: Decimal
    currency: str


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


def _ssl_context() -> ssl.SSLContext:
    """The system's CAs (plus KASPI_CA_FILE), and our client certificate when one is configured."""
    try:
        context = ssl.create_default_context(cafile=settings.KASPI_CA_FILE or None)
        if settings.KASPI_CLIENT_CERT:
            context.load_cert_chain(settings.KASPI_CLIENT_CERT, settings.KASPI_CLIENT_KEY or None)
    except (OSError, ssl.SSLError) as error:
        raise KaspiError(f"Kaspi client certificate or CA file unusable: {error}") from error
    return context


def _call(method: str, path: str, payload: dict | None = None, idempotency_key: str = "") -> dict:
    if not (settings.KASPI_MERCHANT_ID and settings.KASPI_TOKEN):
        raise KaspiError("KASPI_MERCHANT_ID and KASPI_TOKEN must be set")
    headers = {"Authorization": f"Bearer {settings.KASPI_TOKEN}", "X-Merchant-Id": settings.KASPI_MERCHANT_ID}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    body = None
    if payload is not None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    url = settings.KASPI_API_URL.rstrip("/") + path
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 (our setting)
    context = _ssl_context() if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=settings.KASPI_TIMEOUT, context=context) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        code, message = _error_of(error)
        raise KaspiError(f"Kaspi refused {method} {path}: {error.code} {code} {message}".strip(), code) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise KaspiError(f"Kaspi unreachable or answered badly: {error}") from error
    if not isinstance(answer, dict):
        raise KaspiError(f"Kaspi answered {method} {path} with something other than a JSON object")
    return answer


def _error_of(error: urllib.error.HTTPError) -> tuple[str, str]:
    try:
        details = json.loads(error.read().decode()).get("error", {})
        return str(details.get("code", ""))[:50], str(details.get("message", ""))[:200]
    except (ValueError, AttributeError):
        return "", ""


def create_invoice(
    *, order_id: str, phone: str, amount: Decimal, currency: str, comment: str, expires_at: datetime
) -> KaspiInvoice:
    """Push an invoice to the Kaspi app of `phone` (E.164). KaspiError with code NOT_A_KASPI_CLIENT if nobody has it."""
    answer = _call(
        "POST",
        "/v1/remote-payments",
        {
            "order_id": order_id,
            "phone": phone,
            "amount": format_amount(amount),
            "currency": currency,
            "comment": comment,
            "expires_at": expires_at.isoformat(),
        },
        idempotency_key=order_id,
    )
    try:
        return KaspiInvoice(_text(answer, "payment_id", MAX_ID_LENGTH, numbers=True), _status(answer))
    except KaspiError as error:
        raise KaspiError(f"Kaspi answered the invoice badly: {error}") from error


def get_status(payment_id: str) -> KaspiStatus:
    answer = _call("GET", f"/v1/remote-payments/{_quote(payment_id)}")
    try:
        return KaspiStatus(
            payment_id=_text(answer, "payment_id", MAX_ID_LENGTH, numbers=True),
            status=_status(answer),
            amount=parse_amount(answer.get("amount")),
            currency=_text(answer, "currency", 3),
        )
    except KaspiError as error:
        raise KaspiError(f"Kaspi answered the status badly: {error}") from error


def cancel(payment_id: str) -> str:
    """Withdraw a waiting invoice. Returns its status afterwards: "cancelled", or what it already was."""
    try:
        return _status(_call("POST", f"/v1/remote-payments/{_quote(payment_id)}/cancel", {}))
    except KaspiError as error:
        if error.code == "not_waiting":
            return get_status(payment_id).status
        raise


def refund(*, payment_id: str, amount: Decimal, reason: str, idempotency_key: str) -> KaspiRefund:
    answer = _call(
        "POST",
        f"/v1/remote-payments/{_quote(payment_id)}/refunds",
        {"amount": format_amount(amount), "reason": reason},
        idempotency_key=idempotency_key,
    )
    if answer.get("status") != "succeeded" or not answer.get("refund_id"):
        raise KaspiError(f"Kaspi did not complete the refund: {answer}")
    return KaspiRefund(str(answer["refund_id"])[:MAX_ID_LENGTH], answer["status"])


def _quote(payment_id: str) -> str:
    return urllib.parse.quote(payment_id, safe="")


def _status(answer: dict) -> str:
    status = answer.get("status")
    if status not in STATUSES:
        raise KaspiError(f"unknown status {str(status)[:40]!r}")
    return status


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
