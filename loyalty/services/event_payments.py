"""Paying for a seat at a paid club event through the payment providers bookings use (integrations/payments).

A member whose seat is `payment_due` opens a payment (`start_payment`); the provider's webhook, the sandbox page or a
status poll settles it through `apply_event`, once per provider event id. Paid in time, the seat is hers; paid after
the seat had gone, the money goes back (loyalty.services.event_refunds)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.payments.base import PROVIDERS, EventKind, PaymentProviderError, WebhookRejected, get_provider
from loyalty.models import EventPayment, EventPaymentEvent, EventRegistration
from loyalty.services import events
from loyalty.services.event_refunds import refund_payment

logger = logging.getLogger(__name__)
Status = EventPayment.Status
POLL_BATCH = 200

__all__ = ["PaymentNotPossible", "apply_event", "poll_open_payments", "receive_webhook", "start_payment"]


class PaymentNotPossible(ValidationError):
    """The member cannot pay now; the message says why, in her language."""


def start_payment(registration, *, return_url: str, webhook_url: str, at=None) -> EventPayment:
    """Open a payment for a seat waiting to be paid, or give back the one still open."""
    at = at or timezone.now()
    provider = get_provider()
    with transaction.atomic():
        registration = events.lock_registration(registration)
        event = registration.event
        if registration.status != EventRegistration.Status.PAYMENT_DUE or at > registration.offer_expires_at:
            raise PaymentNotPossible(_("Оплатить это место сейчас нельзя: время на оплату вышло."), code="not_payable")
        waiting = registration.payments.filter(provider=provider.name, status=Status.CREATED).exclude(redirect_url="")
        if payment := waiting.first():
            return payment
        payment = EventPayment.objects.create(
            registration=registration, provider=provider.name, amount=event.price, currency=event.currency
        )
    try:  # outside the transaction: no row stays locked while the provider thinks
        checkout = provider.create_payment(payment, return_url=return_url, webhook_url=webhook_url)
    except PaymentProviderError as error:
        logger.warning("event payment %s: %s could not open it: %s", payment.reference, provider.name, error)
        EventPayment.objects.filter(pk=payment.pk).update(status=Status.FAILED, failure_reason=str(error)[:255])
        raise PaymentNotPossible(
            error.guest_message or _("Платёжная система сейчас не отвечает. Попробуйте ещё раз через минуту."),
            code="provider_down",
        ) from error
    payment.provider_payment_id = checkout.provider_payment_id
    payment.redirect_url = checkout.redirect_url
    payment.save(update_fields=["provider_payment_id", "redirect_url"])
    return payment


def receive_webhook(provider_name: str, request, *, at=None) -> str | None:
    """Verify and apply one webhook: the outcome, or None for a replay. Raises WebhookRejected, UnknownProvider."""
    provider = get_provider(provider_name)
    if not provider.accepts_webhooks():
        raise WebhookRejected(404, f"{provider_name} webhooks are off")
    try:
        request.body  # noqa: B018 (read here: over DATA_UPLOAD_MAX_MEMORY_SIZE it raises)
    except RequestDataTooBig as error:
        raise WebhookRejected(413, "body over the upload limit") from error
    return apply_event(provider.name, provider.verify_webhook(request), at=at)


def apply_event(provider_name, event, *, at=None) -> str | None:
    """Settle a payment from a provider's event, once per event id: "paid", "refunded" (paid after its seat had
    gone), "failed", "ignored"; None for a replay."""
    with transaction.atomic():
        payment = (
            EventPayment.objects.select_for_update()
            .filter(provider=provider_name, provider_payment_id=event.provider_payment_id)
            .first()
        )
        try:
            with transaction.atomic():
                EventPaymentEvent.objects.create(
                    provider=provider_name,
                    event_id=event.event_id,
                    payment=payment,
                    type=event.type,
                    payload=event.payload,
                )
        except IntegrityError:
            return None
        if payment is None:
            logger.warning("%s event %s names no club payment", provider_name, event.event_id)
            return "ignored"
        if payment.status != Status.CREATED:
            return "ignored"
        if event.kind == EventKind.FAILED:
            payment.status, payment.failure_reason = Status.FAILED, event.failure_reason[:255]
            payment.save(update_fields=["status", "failure_reason"])
            return "failed"
        if event.kind != EventKind.PAID:
            return "ignored"
        if event.amount is not None and (event.amount != payment.amount or event.currency != payment.currency):
            logger.error("event payment %s: paid %s %s, not the price", payment.reference, event.amount, event.currency)
            return "ignored"
        payment.status, payment.paid_at = Status.PAID, at or timezone.now()
        payment.save(update_fields=["status", "paid_at"])
        if events.seat_paid(payment.registration, at=at):
            return "paid"
        refund_payment(payment, _("Оплата пришла, когда место уже ушло"))
        return "refunded"


def poll_open_payments(now=None) -> int:
    """Ask the providers that settle by polling (Kaspi) about open payments young enough to matter (beat)."""
    now = now or timezone.now()
    polling = [name for name in PROVIDERS if get_provider(name).polls]
    young = now - timedelta(minutes=settings.CLUB_EVENT_PAYMENT_MINUTES) - timedelta(hours=1)
    due = EventPayment.objects.filter(provider__in=polling, status=Status.CREATED, created_at__gte=young)
    settled = 0
    for payment in due.exclude(provider_payment_id="").order_by("created_at")[:POLL_BATCH]:
        try:
            event = get_provider(payment.provider).check_payment(payment)
        except PaymentProviderError as error:
            logger.warning("event payment %s: could not ask about it: %s", payment.reference, error)
            continue
        if event is not None and apply_event(payment.provider, event):
            settled += 1
    return settled
