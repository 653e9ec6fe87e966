"""Paying for a booking: start a payment, take the provider's webhook, refund.

Lock order, everywhere: the property row, then the booking, then its payments (create_hold takes
the property first too, after only the guest's row, which nothing here locks), so a webhook, a
cancellation and a new booking never deadlock.

A refund is written first (status «отправляется») in the caller's transaction and sent to the
provider after the commit; if the provider refuses, it stays recorded as failed for staff to retry.
"""

import logging
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from bookings.notify import send_booking_confirmed, send_booking_notice
from bookings.services import dates_are_free
from bookings.status import transition
from catalog.models import RentalPropertyPage
from core import ratelimit
from integrations.payments.base import (
    PROVIDERS,
    EventKind,
    PaymentProviderError,
    WebhookEvent,
    WebhookRejected,
    get_provider,
)

from .fees import platform_commission, provider_fee

logger = logging.getLogger(__name__)
Outcome = PaymentEvent.Outcome
PAID_STATUSES = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)
# A refund the provider refused is tried again by the beat task, with the wait doubling each time.
REFUND_RETRY_BASE = timedelta(minutes=5)
REFUND_RETRY_MAX = timedelta(hours=6)
REFUND_MAX_ATTEMPTS = 8
REFUND_RETRY_BATCH = 100
# Open payments are polled until this long after their hold could have ended, then left to staff.
POLL_GRACE = timedelta(hours=1)
POLL_BATCH = 200
REFUSED_BODY_KEPT = 2000  # bytes of a refused webhook kept for staff
REFUSED_RECORDED_PER_MINUTE = 60


class PaymentNotPossible(ValidationError):
    """The guest cannot pay for this booking now; the message says why, in the guest's language."""


def why_unpayable(booking) -> str:
    """Empty if the guest may pay now, else the reason."""
    if booking.hold_is_live:
        return ""
    if booking.status in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        return _("Бронирование уже оплачено.")
    if booking.status == BookingStatus.CANCELLED:
        return _("Бронирование отменено.")
    return _("Время на оплату истекло, и даты освобождены. Выберите даты и забронируйте заново.")


def start_payment(booking, *, return_url: str, webhook_url: str) -> Payment:
    """Open a payment at the provider for a live hold, or give back the one still waiting to be paid."""
    provider = get_provider()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if reason := why_unpayable(booking):
            raise PaymentNotPossible(reason, code="not_payable")
        waiting = (
            booking.payments.filter(provider=provider.name, status=PaymentStatus.CREATED)
            .exclude(redirect_url="")
            .first()
        )
        if waiting:
            return waiting
        payment = Payment.objects.create(
            booking=booking,
            provider=provider.name,
            amount=booking.total,
            currency=booking.currency,
            commission=platform_commission(booking.total),
            provider_fee=provider_fee(booking.total),
        )
    # Outside the transaction: no row stays locked while the provider thinks.
    try:
        checkout = provider.create_payment(payment, return_url=return_url, webhook_url=webhook_url)
    except PaymentProviderError as error:
        logger.warning("payment %s: %s could not open it: %s", payment.reference, provider.name, error)
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.FAILED, failure_reason=str(error)[:255])
        raise PaymentNotPossible(
            error.guest_message or _("Платёжная система сейчас не отвечает. Попробуйте ещё раз через минуту."),
            code="provider_refused" if error.guest_message else "provider_down",
        ) from error
    payment.provider_payment_id = checkout.provider_payment_id
    payment.redirect_url = checkout.redirect_url
    payment.qr_url = checkout.qr_url
    payment.save(update_fields=["provider_payment_id", "redirect_url", "qr_url"])
    return payment


def receive_webhook(provider_name: str, request) -> str | None:
    """Verify and apply one webhook: the outcome, or None for a replay. Raises WebhookRejected, UnknownProvider.

    The HTTP view and the sandbox page both come through here. A refused webhook is recorded for staff."""
    provider = get_provider(provider_name)
    try:
        if not provider.accepts_webhooks():
            raise WebhookRejected(404, f"{provider_name} webhooks are off")
        try:
            request.body  # noqa: B018 (read here: over DATA_UPLOAD_MAX_MEMORY_SIZE it raises)
        except RequestDataTooBig as error:
            raise WebhookRejected(413, "body over the upload limit") from error
        event = provider.verify_webhook(request)
    except WebhookRejected as rejected:
        record_refused(provider.name, request, rejected)
        raise
    return apply_event(provider.name, event)


def record_refused(provider_name: str, request, rejected: WebhookRejected) -> None:
    """Keep a refused webhook for staff: why, and the start of what came, cleaned so that any database takes it.

    Anyone can post to the webhook, so only the first REFUSED_RECORDED_PER_MINUTE a minute are kept; the log has all."""
    if not _may_record_refused(provider_name):
        return
    try:
        body = request.body[:REFUSED_BODY_KEPT]
    except RequestDataTooBig:
        body = b""
    payload = {
        "status": rejected.status,
        "reason": _printable(str(rejected))[:255],
        "body": _printable(body.decode(errors="replace")),
    }
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(
                provider=provider_name, event_id="", kind="", payload=payload, outcome=Outcome.REFUSED
            )
    except DatabaseError:  # the answer is a refusal either way; the log still has it
        logger.exception("could not record a refused %s webhook", provider_name)


def _may_record_refused(provider_name: str) -> bool:
    return ratelimit.hit(f"payments:refused:{provider_name}", 60) <= REFUSED_RECORDED_PER_MINUTE


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)


@transaction.atomic
def apply_event(provider_name: str, event: WebhookEvent) -> str | None:
    payment = _lock_payment(provider_name, event.provider_payment_id)
    record, created = PaymentEvent.objects.get_or_create(
        provider=provider_name,
        event_id=event.event_id,
        defaults={"payment": payment, "kind": event.type, "payload": event.payload, "outcome": Outcome.IGNORED},
    )
    if not created:
        return None
    record.outcome = _settle(payment, event)
    record.save(update_fields=["outcome"])
    return record.outcome


def _lock_payment(provider_name, provider_payment_id):
    """The payment with its booking, locked in the usual order (property, booking, payment), or None."""
    found = (
        Payment.objects.filter(provider=provider_name, provider_payment_id=provider_payment_id)
        .values_list("pk", "booking_id", "booking__rental_id")
        .first()
    )
    if found is None:
        return None
    payment_pk, booking_pk, rental_pk = found
    RentalPropertyPage.objects.select_for_update(of=("self",)).get(pk=rental_pk)
    booking = Booking.objects.select_for_update().get(pk=booking_pk)
    payment = Payment.objects.select_for_update().get(pk=payment_pk)
    payment.booking = booking
    return payment


def _settle(payment, event: WebhookEvent) -> str:
    if payment is None:
        logger.warning("webhook %s for unknown payment %s", event.event_id, event.provider_payment_id)
        return Outcome.UNKNOWN_PAYMENT
    if event.kind == EventKind.OTHER:
        return Outcome.IGNORED
    if payment.status != PaymentStatus.CREATED:
        return Outcome.ALREADY_SETTLED
    if event.kind == EventKind.FAILED:
        payment.status = PaymentStatus.FAILED
        payment.failure_reason = (event.failure_reason or _("Платёжная система отклонила оплату."))[:255]
        payment.save(update_fields=["status", "failure_reason"])
        if payment.booking.hold_is_live:  # the guest may still pay again; after the hold, its own notice goes
            send_booking_notice(payment.booking, "booking.payment_failed")
        return Outcome.FAILED
    if (event.amount, event.currency) != (payment.amount, payment.currency):
        logger.error(
            "payment %s: webhook %s says %s %s, expected %s %s; booking left as it is",
            payment.reference,
            event.event_id,
            event.amount,
            event.currency,
            payment.amount,
            payment.currency,
        )
        return Outcome.MISMATCH
    payment.status = PaymentStatus.PAID
    payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "paid_at"])
    return _confirm_or_refund(payment)


def _confirm_or_refund(payment) -> str:
    """A paid payment confirms its booking if the booking can still take it; otherwise it goes back in full."""
    booking = payment.booking
    if booking.status == BookingStatus.HOLD:
        on_time = booking.hold_is_live
        if on_time or dates_are_free(booking.rental_id, booking.check_in, booking.check_out, exclude_booking=booking):
            reason = _("Оплачено") if on_time else _("Оплачено после окончания холда; даты были свободны")
            transition(booking, BookingStatus.CONFIRMED, reason=reason)
            send_booking_confirmed(booking)
            return Outcome.CONFIRMED
        transition(booking, BookingStatus.EXPIRED, reason=_("Оплата пришла после окончания холда; даты уже заняты"))
        why = _("Оплата пришла после окончания времени на оплату, а даты уже заняты.")
    elif booking.status == BookingStatus.CANCELLED:
        why = _("Бронирование было отменено до того, как пришла оплата.")
    elif booking.status == BookingStatus.EXPIRED:
        why = _("Время на оплату истекло, и даты были освобождены до того, как пришла оплата.")
    else:
        why = _("Бронирование уже оплачено другим платежом.")
    request_refund(payment, payment.amount, why)
    send_booking_notice(booking, "booking.payment_refunded", reason=why, amount=payment.amount)
    return Outcome.REFUNDED


def poll_open_payments(now=None) -> int:
    """Ask the providers that settle by polling about each open payment young enough to matter (the beat task).

    Settles through apply_event, the webhook's own path, so a poll and a webhook for one payment, or two polls,
    settle it once. Returns how many payments were settled."""
    now = now or timezone.now()
    polling = [name for name in PROVIDERS if get_provider(name).polls]
    due = (
        Payment.objects.filter(
            provider__in=polling,
            status=PaymentStatus.CREATED,
            created_at__gte=now - timedelta(minutes=settings.BOOKING_HOLD_MINUTES) - POLL_GRACE,
        )
        .exclude(provider_payment_id="")
        .order_by("created_at")
    )
    settled = 0
    for payment in due.select_related("booking")[:POLL_BATCH]:
        if poll_payment(payment):
            settled += 1
    return settled


def poll_payment(payment) -> str | None:
    """Settle one open payment from what its provider says now; None while it waits (or the provider is down).

    A payment whose booking can no longer take it (the hold is over, or the booking cancelled) is withdrawn at
    the provider first, so the guest cannot pay it any more; if they paid meanwhile, it settles as paid."""
    provider = get_provider(payment.provider)
    try:
        event = provider.check_payment(payment)
        if event is None and not payment.booking.hold_is_live:
            provider.cancel_payment(payment)
            event = provider.check_payment(payment)
    except PaymentProviderError as error:
        logger.warning("payment %s: could not ask %s about it: %s", payment.reference, provider.name, error)
        return None
    if event is None:
        return None
    return apply_event(provider.name, event)


def refundable_amounts(payments) -> dict[int, Decimal]:
    """For each paid payment: what is left to refund, after every refund already recorded (sent or not)."""
    refunded = dict(
        Refund.objects.filter(payment__in=payments).values_list("payment").annotate(total=Sum("amount")).order_by()
    )
    return {payment.pk: payment.amount - refunded.get(payment.pk, Decimal(0)) for payment in payments}


def request_refund(payment, amount: Decimal, reason: str, *, by=None) -> Refund:
    """Record a refund inside the caller's transaction; it is sent to the provider once that commits."""
    refund = Refund.objects.create(payment=payment, amount=amount, reason=reason[:255], requested_by=by)
    transaction.on_commit(partial(send_refund, refund.pk))
    return refund


def send_refund(refund_id) -> Refund:
    """Send a pending refund to its provider and record the answer. Safe to run twice."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update(of=("self",)).select_related("payment__booking").get(pk=refund_id)
        if refund.status != RefundStatus.PENDING:
            return refund
        payment = refund.payment
        refund.attempts += 1
        try:
            refund.provider_refund_id = get_provider(payment.provider).refund(
                payment, refund.amount, reference=str(refund.reference), reason=refund.reason
            )
        except PaymentProviderError as error:
            logger.error("refund %s of payment %s failed: %s", refund.reference, payment.reference, error)
            refund.status, refund.error = RefundStatus.FAILED, str(error)[:255]
            refund.next_retry_at = refund_retry_at(refund.attempts)  # and listed in the admin for staff
            refund.save(update_fields=["status", "error", "attempts", "next_retry_at"])
            return refund
        refund.status, refund.completed_at, refund.error = RefundStatus.SUCCEEDED, timezone.now(), ""
        refund.next_retry_at = None
        update_fields = ["status", "completed_at", "error", "provider_refund_id", "attempts", "next_retry_at"]
        refund.save(update_fields=update_fields)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        payment.refunded_amount += refund.amount
        payment.commission = platform_commission(payment.kept_amount)
        payment.status = (
            PaymentStatus.REFUNDED if payment.refunded_amount >= payment.amount else PaymentStatus.PARTIALLY_REFUNDED
        )
        payment.save(update_fields=["refunded_amount", "commission", "status"])
        return refund


def refund_retry_at(attempts: int, now=None):
    """When to try a refund again after its `attempts`-th failure: 5 min, 10, 20... up to 6 h; None after the last."""
    if attempts >= REFUND_MAX_ATTEMPTS:
        return None
    delay = min(REFUND_RETRY_BASE * 2 ** (attempts - 1), REFUND_RETRY_MAX)
    return (now or timezone.now()) + delay


def retry_refund(refund) -> Refund:
    """Send a failed refund again; the provider's idempotency key keeps it from paying twice."""
    Refund.objects.filter(pk=refund.pk, status=RefundStatus.FAILED).update(status=RefundStatus.PENDING)
    return send_refund(refund.pk)


def retry_due_refunds(now=None) -> int:
    """Send again the failed refunds whose next attempt is due (the beat task). Returns how many went through."""
    now = now or timezone.now()
    succeeded = 0
    due = Refund.objects.filter(status=RefundStatus.FAILED, next_retry_at__lte=now).order_by("next_retry_at")
    for refund_id in list(due.values_list("pk", flat=True)[:REFUND_RETRY_BATCH]):
        # Taken only if still due: a concurrent run, or staff retrying it by hand, may have sent it already.
        taken = Refund.objects.filter(pk=refund_id, status=RefundStatus.FAILED, next_retry_at__lte=now).update(
            status=RefundStatus.PENDING
        )
        if taken and send_refund(refund_id).status == RefundStatus.SUCCEEDED:
            succeeded += 1
    return succeeded
