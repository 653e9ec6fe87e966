"""Money back for paid club events, and open payments withdrawn when their seat is gone.

A refund row is written in the transaction that decided it (the member cancelled, the organiser cancelled the event,
a payment came after its seat had passed on) and sent to the provider once that commits; a failed one is tried again
by the beat task (`retry_due_refunds`: 5 min, 10, 20, ... up to 6 h, then left FAILED for staff), as bookings do.
The refund's `reference` is the provider's idempotency key, so a retry never pays out twice."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from integrations.payments.base import PaymentProviderError, get_provider
from loyalty.models import EventPayment, EventRefund

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=6)

__all__ = ["refund_registration", "retry_due_refunds", "send_refund", "withdraw_open_payments"]


def refund_payment(payment: EventPayment, reason: str) -> EventRefund | None:
    """Give back the whole of a paid payment, inside the caller's transaction; None if it is not paid."""
    if payment.status != EventPayment.Status.PAID:
        return None
    refund = EventRefund.objects.create(payment=payment, amount=payment.amount, reason=reason[:200])
    payment.status = EventPayment.Status.REFUNDED
    payment.save(update_fields=["status"])
    transaction.on_commit(partial(send_refund, refund.pk))
    return refund


def refund_registration(registration, reason: str) -> list[EventRefund]:
    payments = EventPayment.objects.select_for_update().filter(
        registration=registration, status=EventPayment.Status.PAID
    )
    return [refund for payment in payments if (refund := refund_payment(payment, reason))]


def retry_at(attempts, now=None):
    if attempts >= MAX_ATTEMPTS:
        return None
    return (now or timezone.now()) + min(RETRY_BASE * 2 ** (attempts - 1), RETRY_MAX)


def send_refund(refund_id) -> EventRefund:
    """Ask the provider for the money back and record the answer. Safe to run twice."""
    with transaction.atomic():
        refund = EventRefund.objects.select_for_update(of=("self",)).select_related("payment").get(pk=refund_id)
        if refund.status == EventRefund.Status.DONE:
            return refund
        refund.attempts += 1
        try:
            refund.provider_refund_id = get_provider(refund.payment.provider).refund(
                refund.payment, refund.amount, reference=str(refund.reference), reason=refund.reason
            )
        except PaymentProviderError as error:
            logger.error("event refund %s failed: %s", refund.reference, error)
            refund.status, refund.last_error = EventRefund.Status.FAILED, str(error)[:255]
            refund.next_retry_at = retry_at(refund.attempts)
        else:
            refund.status, refund.last_error, refund.next_retry_at = EventRefund.Status.DONE, "", None
            refund.done_at = timezone.now()
        refund.save()
        return refund


def retry_due_refunds(now=None) -> int:
    """Send again the failed refunds whose next attempt is due (beat). Returns how many went through."""
    now = now or timezone.now()
    due = EventRefund.objects.filter(status=EventRefund.Status.FAILED, next_retry_at__lte=now)
    return sum(send_refund(pk).status == EventRefund.Status.DONE for pk in list(due.values_list("pk", flat=True)[:100]))


def withdraw_open_payments(registration):
    """The seat is gone (expired, cancelled): open invoices are withdrawn at the provider after the commit, so
    nobody pays for nothing (a payment that still arrives is refunded when its webhook comes)."""
    payments = list(EventPayment.objects.filter(registration=registration, status=EventPayment.Status.CREATED))

    def withdraw():
        for payment in payments:
            try:
                get_provider(payment.provider).cancel_payment(payment)
            except PaymentProviderError as error:
                logger.warning("event payment %s: could not withdraw it: %s", payment.reference, error)

    if payments:
        transaction.on_commit(withdraw)
