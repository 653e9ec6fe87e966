"""Kaspi Pay as a PaymentProvider; the wire protocol is in integrations/kaspi.py."""

from integrations import kaspi

from .base import Checkout, EventKind, PaymentProvider, PaymentProviderError, WebhookEvent, WebhookRejected

EVENT_KINDS = {"payment.succeeded": EventKind.PAID, "payment.failed": EventKind.FAILED}


class KaspiProvider(PaymentProvider):
    name = "kaspi"

    def create_payment(self, payment, *, return_url, webhook_url):
        try:
            opened = kaspi.create_payment(
                order_id=str(payment.reference),
                amount=payment.amount,
                currency=payment.currency,
                description=f"ЖильеGO, бронирование {payment.booking.short_number}",
                return_url=return_url,
                webhook_url=webhook_url,
            )
        except kaspi.KaspiError as error:
            raise PaymentProviderError(str(error)) from error
        return Checkout(opened.payment_id, opened.redirect_url, opened.qr_url)

    def verify_webhook(self, request):
        try:
            event = kaspi.parse_webhook(request.body, request.headers.get(kaspi.SIGNATURE_HEADER, ""))
        except kaspi.KaspiSignatureError as error:
            raise WebhookRejected(403, str(error)) from error
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
        try:
            return kaspi.refund(
                payment_id=payment.provider_payment_id, amount=amount, reason=reason, idempotency_key=reference
            ).refund_id
        except kaspi.KaspiError as error:
            raise PaymentProviderError(str(error)) from error
