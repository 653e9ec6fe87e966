"""The payment webhook with Kaspi (through the fake): signature, replays, amounts, late payments, retries."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from bookings.payments.services import retry_refund
from bookings.services import create_hold
from bookings.status import transition
from integrations.payments import sandbox
from tests.bookings.payments.conftest import open_payment

pytestmark = pytest.mark.django_db
URL = "/payments/webhook/kaspi/"


@pytest.fixture
def provider():
    """Kaspi's side of the conversation: a client that cannot pass a CSRF check, like a real provider."""
    return Client(enforce_csrf_checks=True)


def deliver(provider, body, headers):
    return provider.post(URL, body, content_type="application/json", headers=headers)


def snapshot(booking):
    booking = Booking.objects.get(pk=booking.pk)
    return (
        booking.status,
        list(booking.status_history.values_list("to_status", flat=True)),
        list(Payment.objects.filter(booking=booking).values_list("status", "paid_at")),
        PaymentEvent.objects.exclude(outcome=PaymentEvent.Outcome.REFUSED).count(),
        Refund.objects.count(),
    )


def test_a_signed_payment_confirms_the_booking(kaspi, provider, hold):
    payment = open_payment(hold)
    response = deliver(provider, *kaspi.pay(payment.provider_payment_id))
    assert response.status_code == 200
    assert response.json() == {"outcome": "confirmed"}
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert hold.status_history.last().reason == "Оплачено"
    assert payment.status == PaymentStatus.PAID
    assert payment.paid_at is not None
    [event] = PaymentEvent.objects.all()
    assert (event.provider, event.payment, event.kind) == ("kaspi", payment, "payment.succeeded")
    assert event.outcome == PaymentEvent.Outcome.CONFIRMED


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Kaspi-Signature": "0" * 64}, {"X-Kaspi-Signature": "not hex"}],
    ids=["missing", "wrong", "garbage"],
)
def test_a_bad_signature_is_refused_and_nothing_changes(kaspi, provider, hold, headers):
    payment = open_payment(hold)
    body, _good = kaspi.pay(payment.provider_payment_id)
    before = snapshot(hold)
    assert deliver(provider, body, headers).status_code == 403
    assert snapshot(hold) == before
    [refused] = PaymentEvent.objects.all()
    assert (refused.outcome, refused.payment, refused.event_id) == (PaymentEvent.Outcome.REFUSED, None, "")
    assert refused.payload["status"] == 403
    assert refused.payload["body"] == body.decode()


def test_a_body_altered_on_the_way_is_refused(kaspi, provider, hold):
    payment = open_payment(hold)
    body, headers = kaspi.pay(payment.provider_payment_id)
    before = snapshot(hold)
    assert deliver(provider, body.replace(b"45", b"46", 1) + b" ", headers).status_code == 403
    assert snapshot(hold) == before


def test_a_signed_but_malformed_body_is_refused(kaspi, provider, hold):
    body = b'{"event_id": "x"}'
    assert deliver(provider, body, {"X-Kaspi-Signature": kaspi.sign(body)}).status_code == 400
    assert PaymentEvent.objects.get().outcome == PaymentEvent.Outcome.REFUSED


def test_a_replay_changes_nothing(kaspi, provider, hold):
    payment = open_payment(hold)
    body, headers = kaspi.pay(payment.provider_payment_id)
    deliver(provider, body, headers)
    after_first = snapshot(hold)
    replay = deliver(provider, body, headers)
    assert replay.status_code == 200
    assert replay.json() == {"outcome": "duplicate"}
    assert snapshot(hold) == after_first


def test_a_failure_after_success_for_the_same_payment_changes_nothing(kaspi, provider, hold):
    payment = open_payment(hold)
    deliver(provider, *kaspi.pay(payment.provider_payment_id))
    after = snapshot(hold)
    response = deliver(provider, *kaspi.decline(payment.provider_payment_id))
    assert response.json() == {"outcome": "already_settled"}
    assert snapshot(hold)[:3] == after[:3]


@pytest.mark.parametrize(("amount", "currency"), [("44999.00", None), ("45000.00", "USD")])
def test_a_wrong_amount_or_currency_is_recorded_and_the_booking_untouched(
    kaspi, provider, hold, caplog, amount, currency
):
    hold.total = Decimal("45000.00")
    Booking.objects.filter(pk=hold.pk).update(total=hold.total)
    payment = open_payment(hold)
    body, headers = kaspi.pay(payment.provider_payment_id, amount=amount, currency=currency)
    with caplog.at_level(logging.ERROR, logger="bookings.payments.services"):
        response = deliver(provider, body, headers)
    assert response.status_code == 200  # recorded; Kaspi need not send it again
    assert response.json() == {"outcome": "mismatch"}
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.HOLD
    assert payment.status == PaymentStatus.CREATED
    assert PaymentEvent.objects.get().outcome == PaymentEvent.Outcome.MISMATCH
    assert "expected 45000.00 KZT" in caplog.text


def test_an_unknown_payment_is_recorded_and_answered(kaspi, provider, hold):
    payment = open_payment(hold)
    body, headers = kaspi.webhook(payment.provider_payment_id, "payment.succeeded")
    Payment.objects.filter(pk=payment.pk).update(provider_payment_id="kp-other")
    assert deliver(provider, body, headers).json() == {"outcome": "unknown_payment"}
    assert PaymentEvent.objects.get().payment is None
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD


def expire(booking):
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))


def test_late_payment_confirms_when_the_dates_are_still_free(kaspi, provider, hold):
    payment = open_payment(hold)
    expire(hold)
    assert deliver(provider, *kaspi.pay(payment.provider_payment_id)).json() == {"outcome": "confirmed"}
    hold.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert "после окончания холда" in hold.status_history.last().reason
    assert not Refund.objects.exists()


def test_late_payment_is_refunded_when_the_dates_were_taken(
    kaspi, provider, hold, rental, guest, details, future, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    expire(hold)
    create_hold(rental_id=rental.pk, guest=guest, check_in=future(1), check_out=future(2), details=details)
    hold.refresh_from_db()
    assert hold.status == BookingStatus.EXPIRED  # the newcomer recorded the stale hold as expired
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(provider, *kaspi.pay(payment.provider_payment_id))
    assert response.json() == {"outcome": "refunded"}
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.EXPIRED
    [refund] = payment.refunds.all()
    assert (refund.amount, refund.status) == (payment.amount, RefundStatus.SUCCEEDED)
    assert refund.reason == "Время на оплату истекло, и даты были освобождены до того, как пришла оплата."
    assert payment.status == PaymentStatus.REFUNDED
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount


def test_payment_for_a_booking_cancelled_meanwhile_is_refunded(
    kaspi, provider, hold, guest, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    transition(hold, BookingStatus.CANCELLED, by=guest)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(provider, *kaspi.pay(payment.provider_payment_id)).json() == {"outcome": "refunded"}
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.CANCELLED
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunds.get().reason == "Бронирование было отменено до того, как пришла оплата."


def test_a_second_payment_for_a_paid_booking_is_refunded(kaspi, provider, hold, django_capture_on_commit_callbacks):
    first = open_payment(hold)
    Payment.objects.filter(pk=first.pk).update(redirect_url="")  # so the guest gets a second, separate payment
    second = open_payment(hold)
    assert second.pk != first.pk
    deliver(provider, *kaspi.pay(first.provider_payment_id))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(provider, *kaspi.pay(second.provider_payment_id)).json() == {"outcome": "refunded"}
    first.refresh_from_db()
    second.refresh_from_db()
    hold.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert (first.status, second.status) == (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    assert kaspi.invoices[second.provider_payment_id]["refunded"] == second.amount
    assert kaspi.invoices[first.provider_payment_id]["refunded"] == 0


def test_the_guest_retries_after_a_failed_payment(kaspi, provider, hold):
    failed = open_payment(hold)
    assert deliver(provider, *kaspi.decline(failed.provider_payment_id)).json() == {"outcome": "failed"}
    failed.refresh_from_db()
    hold.refresh_from_db()
    assert failed.status == PaymentStatus.FAILED
    assert hold.status == BookingStatus.HOLD
    retry = open_payment(hold)
    assert retry.pk != failed.pk
    assert retry.provider_payment_id != failed.provider_payment_id
    assert deliver(provider, *kaspi.pay(retry.provider_payment_id)).json() == {"outcome": "confirmed"}
    failed.refresh_from_db()
    hold.refresh_from_db()
    assert failed.status == PaymentStatus.FAILED  # the earlier attempt stays as it was
    assert hold.status == BookingStatus.CONFIRMED


def test_a_refund_kaspi_refuses_is_kept_as_failed_and_can_be_retried(
    kaspi, provider, hold, guest, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    transition(hold, BookingStatus.CANCELLED, by=guest)
    kaspi.failures_left = 1
    body, headers = kaspi.pay(payment.provider_payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(provider, body, headers)
    refund = payment.refunds.get()
    assert refund.status == RefundStatus.FAILED
    assert "503" in refund.error
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID  # the money is still with us until the refund goes through
    refund = retry_refund(refund)
    assert refund.status == RefundStatus.SUCCEEDED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount


def test_unknown_provider_and_wrong_method(provider):
    assert provider.post("/payments/webhook/paypal/", b"{}", content_type="application/json").status_code == 404
    assert provider.get(URL).status_code == 405


def test_sandbox_webhooks_are_off_while_kaspi_is_the_provider(kaspi, provider, hold):
    payment = open_payment(hold)
    payment.provider_payment_id = "anything"
    delivery = sandbox.signed_webhook(payment, paid=True)
    response = provider.post(
        "/payments/webhook/sandbox/", delivery.body, content_type="application/json", headers=delivery.headers
    )
    assert response.status_code == 404
    assert list(PaymentEvent.objects.values_list("provider", "outcome")) == [("sandbox", "refused")]
