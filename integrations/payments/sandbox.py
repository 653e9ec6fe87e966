"""The sandbox: pay on a local page, without Kaspi, so the demo works end to end.

Each app has its own page (bookings' is `/payments/sandbox/<id>/`) with the amount, «Оплатить» and
«Отказаться». Either button sends the webhook Kaspi would send (same JSON, see integrations/kaspi.py), signed with
HMAC-SHA256 under a key derived from SECRET_KEY, through the same webhook service the HTTP
webhook view uses, so the demo exercises the real signature check, idempotency and confirmation.
Its webhooks are accepted only while PAYMENT_PROVIDER is "sandbox" (never by default in production).
"""

import hmac
import json
import uuid
from decimal import Decimal

from django.conf import settings
from django.utils.crypto import salted_hmac

from integrations import kaspi

from .base import Checkout, EventKind, PaymentProvider, SignedDelivery, WebhookEvent, WebhookRejected
from .kaspi import EVENT_KINDS

SIGNATURE_HEADER = "X-Sandbox-Signature"


def sign(body: bytes) -> str:
    return salted_hmac("bookings.payments.sandbox", body, algorithm="sha256").hexdigest()


class SandboxProvider(PaymentProvider):
    name = "sandbox"

    def accepts_webhooks(self):
        return self.name == settings.PAYMENT_PROVIDER

    def create_payment(self, payment, *, return_url, webhook_url):
        payment_id = uuid.uuid4().hex
        return Checkout(payment_id, payment.sandbox_url(payment_id))

    def verify_webhook(self, request):
        if not hmac.compare_digest(sign(request.body), request.headers.get(SIGNATURE_HEADER, "")):
            raise WebhookRejected(403, "bad or missing signature")
        try:
            event = kaspi.read_event(request.body)
        except kaspi.KaspiError as error:
            raise WebhookRejected(400, str(error)) from error
        return WebhookEvent(
            event_id=event.event_id,
            kind=EVENT_KINDS.get(event.type, EventKind.OTHER),
            type=event.type,
            provider_payment_id=event.payment_id,
            amount=event.amount,
            currency=event.currency,
            payload=event.payload,
        )

    def refund(self, payment, amount, *, reference, reason):
        return f"sandbox-refund-{reference}"


def signed_webhook(payment, *, paid: bool, amount: Decimal | None = None) -> SignedDelivery:
    """The webhook the sandbox sends when the payer presses «Оплатить» (paid) or «Отказаться»."""
    body = json.dumps(
        {
            "event_id": uuid.uuid4().hex,
            "type": "payment.succeeded" if paid else "payment.failed",
            "payment_id": payment.provider_payment_id,
            "order_id": str(payment.reference),
            "amount": f"{payment.amount if amount is None else amount:.2f}",
            "currency": payment.currency,
        }
    ).encode()
    return SignedDelivery(body, {SIGNATURE_HEADER: sign(body)})
