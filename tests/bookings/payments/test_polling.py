"""Kaspi's remote payments are settled by asking: the beat task polls every open payment (issue 12, item 5)."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from bookings import lifecycle, tasks
from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus, RefundStatus
from bookings.payments.services import poll_open_payments, poll_payment
from bookings.services import create_hold
from notifications.models import Notification
from tests.bookings.factories import UserFactory
from tests.bookings.payments.conftest import open_payment

pytestmark = pytest.mark.django_db
URL = "/payments/webhook/kaspi/"


def after_the_hold(booking, minutes=1):
    return time_machine.travel(booking.hold_expires_at + timedelta(minutes=minutes), tick=False)


def test_the_beat_schedule_polls_open_payments():
    assert settings.CELERY_BEAT_SCHEDULE["poll-open-payments"]["task"] == "bookings.tasks.poll_open_payments"


def test_a_paid_invoice_confirms_the_booking_without_any_webhook(kaspi, hold):
    payment = open_payment(hold)
    kaspi.pay(payment.provider_payment_id)  # the webhook it returns is never sent
    assert tasks.poll_open_payments() == 1
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert (payment.status, payment.paid_at is not None) == (PaymentStatus.PAID, True)
    [event] = PaymentEvent.objects.all()
    assert (event.event_id, event.kind, event.outcome) == (
        f"status-paid-{payment.reference}",
        "status.paid",
        "confirmed",
    )
    assert kaspi.requests[-1].path == f"/v1/remote-payments/{payment.provider_payment_id}"
    assert poll_payment(payment) is None  # asked again: the same answer is a replay
    assert poll_open_payments() == 0  # and it is no longer open
    assert hold.status_history.count() == 2


def test_a_waiting_invoice_is_left_waiting(kaspi, hold):
    payment = open_payment(hold)
    assert poll_open_payments() == 0
    payment.refresh_from_db()
    hold.refresh_from_db()
    assert (payment.status, hold.status) == (PaymentStatus.CREATED, BookingStatus.HOLD)
    assert not PaymentEvent.objects.exists()


def test_a_rejected_invoice_fails_and_the_guest_may_pay_again(kaspi, hold):
    payment = open_payment(hold)
    kaspi.reject(payment.provider_payment_id)
    assert poll_open_payments() == 1
    payment.refresh_from_db()
    hold.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Вы отклонили счёт в приложении Kaspi."
    assert hold.status == BookingStatus.HOLD
    assert Notification.objects.filter(kind="booking.payment_failed").exists()
    assert open_payment(hold).pk != payment.pk


def test_an_invoice_nobody_paid_expires_with_the_hold(kaspi, hold):
    payment = open_payment(hold)
    with after_the_hold(hold):
        assert poll_open_payments() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Счёт в приложении Kaspi не был оплачен вовремя."
    assert kaspi.invoices[payment.provider_payment_id]["status"] == "expired"
    assert not Notification.objects.filter(kind="booking.payment_failed").exists()  # nothing left to retry
    assert Booking.objects.get(pk=hold.pk).status == BookingStatus.HOLD  # recorded as expired by its own task


def test_the_invoice_of_a_cancelled_booking_is_withdrawn(kaspi, hold, guest):
    payment = open_payment(hold)
    lifecycle.cancel_by_guest(hold, guest)
    assert poll_open_payments() == 1
    payment.refresh_from_db()
    assert kaspi.invoices[payment.provider_payment_id]["status"] == "cancelled"
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_reason == "Счёт в приложении Kaspi отозван: время на оплату истекло."
    assert [r.path for r in kaspi.requests[-3:]] == [
        f"/v1/remote-payments/{payment.provider_payment_id}",
        f"/v1/remote-payments/{payment.provider_payment_id}/cancel",
        f"/v1/remote-payments/{payment.provider_payment_id}",
    ]


def test_an_invoice_paid_after_the_booking_was_cancelled_is_refunded(
    kaspi, hold, guest, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    lifecycle.cancel_by_guest(hold, guest)
    kaspi.pay(payment.provider_payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_open_payments() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunds.get().amount == payment.amount
    assert kaspi.invoices[payment.provider_payment_id]["status"] == "paid"  # nothing to withdraw any more


def test_a_late_payment_for_dates_taken_meanwhile_is_refunded_in_full(
    kaspi, hold, rental, details, future, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    kaspi.pay(payment.provider_payment_id)
    with after_the_hold(hold):
        other = UserFactory(email="newcomer@example.com")
        create_hold(rental_id=rental.pk, guest=other, check_in=future(1), check_out=future(2), details=details)
        with django_capture_on_commit_callbacks(execute=True):
            assert poll_open_payments() == 1
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.EXPIRED
    [refund] = payment.refunds.all()
    assert (refund.amount, refund.status) == (payment.amount, RefundStatus.SUCCEEDED)
    assert (payment.status, kaspi.invoices[payment.provider_payment_id]["refunded"]) == (
        PaymentStatus.REFUNDED,
        payment.amount,
    )


def test_kaspi_down_leaves_the_payment_open_for_the_next_poll(kaspi, hold, caplog):
    payment = open_payment(hold)
    kaspi.pay(payment.provider_payment_id)
    kaspi.failures_left = 1
    with caplog.at_level(logging.WARNING, logger="bookings.payments.services"):
        assert poll_open_payments() == 0
    assert "503" in caplog.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CREATED
    assert poll_open_payments() == 1


def test_only_young_kaspi_payments_are_polled(kaspi, hold, settings):
    payment = open_payment(hold)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.BOOKING_HOLD_MINUTES + 61)
    )
    asked = len(kaspi.requests)
    assert poll_open_payments() == 0
    assert len(kaspi.requests) == asked


def test_sandbox_payments_are_not_polled(sandbox_provider, hold):
    payment = open_payment(hold)
    assert poll_open_payments() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CREATED


def test_a_webhook_then_a_poll_confirm_once(kaspi, hold, client):
    payment = open_payment(hold)
    body, headers = kaspi.pay(payment.provider_payment_id)
    assert client.post(URL, body, content_type="application/json", headers=headers).json() == {"outcome": "confirmed"}
    assert poll_payment(payment) == "already_settled"
    hold.refresh_from_db()
    assert hold.status_history.count() == 2
    assert list(PaymentEvent.objects.values_list("outcome", flat=True).order_by("pk")) == [
        "confirmed",
        "already_settled",
    ]
