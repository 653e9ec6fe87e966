"""Kaspi Pay as a PaymentProvider: an invoice in the guest's Kaspi app, settled by polling its status
(webhooks, when they come, settle it sooner). The wire protocol is in integrations/kaspi.py."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.phones import to_e164
from integrations import kaspi

from .base import Checkout, EventKind, PaymentProvider, PaymentProviderError, WebhookEvent, WebhookRejected

EVENT_KINDS = {"payment.succeeded": EventKind.PAID, "payment.failed": EventKind.FAILED}
STATUS_KINDS = {
    "paid": EventKind.PAID,
    "rejected": EventKind.FAILED,
    "expired": EventKind.FAILED,
    "cancelled": EventKind.FAILED,
}


def failure_reasons():
    return {
        "rejected": _("Вы отклонили счёт в приложении Kaspi."),
        "expired": _("Счёт в приложении Kaspi не был оплачен вовремя."),
        "cancelled": _("Счёт в приложении Kaspi отозван: время на оплату истекло."),
    }


class KaspiProvider(PaymentProvider):
    name = "kaspi"
    polls = True

    def create_payment(self, payment, *, return_url, webhook_url):
        try:
            phone = to_e164(payment.payer_phone)
        except ValidationError as error:
            raise PaymentProviderError(
                "the payer's phone is not a valid number",
                guest_message=_("Счёт Kaspi выставляется на номер телефона, а номер в заказе неполный."),
            ) from error
        try:
            invoice = kaspi.create_invoice(
                order_id=str(payment.reference),
                phone=phone,
                amount=payment.amount,
                currency=payment.currency,
                comment=payment.description,
                expires_at=payment.expires_at,
            )
        except kaspi.KaspiError as error:
            guest_message = ""
            if error.code == kaspi.NOT_A_KASPI_CLIENT:
                guest_message = _("Номер %(phone)s не зарегистрирован в Kaspi.kz: счёт отправить некуда.") % {
                    "phone": phone
                }
            raise PaymentProviderError(str(error), guest_message=guest_message) from error
        # Nothing to redirect to: the invoice is in the guest's app; our status page waits for it.
        return Checkout(invoice.payment_id, return_url)

    def check_payment(self, payment):
        try:
            answer = kaspi.get_status(payment.provider_payment_id)
        except kaspi.KaspiError as error:
            raise PaymentProviderError(str(error)) from error
        if answer.status == "waiting":
            return None
        return WebhookEvent(
            # One event per outcome of one payment: the same answer polled twice is a replay.
            event_id=f"status-{answer.status}-{payment.reference}",
            kind=STATUS_KINDS[answer.status],
            type=f"status.{answer.status}",
            provider_payment_id=payment.provider_payment_id,
            amount=answer.amount,
            currency=answer.currency,
            payload={
                "status": answer.status,
                "amount": kaspi.format_amount(answer.amount),
                "currency": answer.currency,
            },
            failure_reason=failure_reasons().get(answer.status, ""),
        )

    def cancel_payment(self, payment):
        try:
            kaspi.cancel(payment.provider_payment_id)
        except kaspi.KaspiError as error:
            raise PaymentProviderError(str(error)) from error

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
