"""A refund the provider refused is sent again by the beat task, waiting longer after each failure."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import BookingStatus, PaymentStatus, RefundStatus
from bookings.payments.services import REFUND_MAX_ATTEMPTS, refund_retry_at, retry_due_refunds
from bookings.status import transition
from bookings.tasks import retry_failed_refunds
from tests.bookings.payments.conftest import open_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_refund(kaspi, hold, guest, django_capture_on_commit_callbacks):
    """A payment that arrived after the guest cancelled, whose automatic refund Kaspi refused once."""
    payment = open_payment(hold)
    transition(hold, BookingStatus.CANCELLED, by=guest)
    kaspi.failures_left = 1
    body, headers = kaspi.pay(payment.provider_payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/payments/webhook/kaspi/", body, content_type="application/json", headers=headers)
    refund = payment.refunds.get()
    assert (refund.status, refund.attempts) == (RefundStatus.FAILED, 1)
    return refund


def test_the_wait_doubles_up_to_six_hours_then_staff_take_over():
    now = timezone.now()
    waits = [refund_retry_at(attempts, now) for attempts in range(1, REFUND_MAX_ATTEMPTS + 1)]
    assert [wait - now for wait in waits[:-1]] == [
        timedelta(minutes=minutes) for minutes in (5, 10, 20, 40, 80, 160, 320)
    ]
    assert waits[-1] is None


def test_a_failed_refund_is_not_retried_before_its_time(failed_refund):
    assert failed_refund.next_retry_at - timezone.now() == pytest.approx(
        timedelta(minutes=5), abs=timedelta(seconds=30)
    )
    assert retry_due_refunds(now=timezone.now() + timedelta(minutes=4)) == 0
    failed_refund.refresh_from_db()
    assert (failed_refund.status, failed_refund.attempts) == (RefundStatus.FAILED, 1)


def test_the_beat_task_sends_it_once_due(failed_refund, kaspi):
    failed_refund.__class__.objects.filter(pk=failed_refund.pk).update(next_retry_at=timezone.now())
    assert retry_failed_refunds() == 1
    failed_refund.refresh_from_db()
    assert (failed_refund.status, failed_refund.attempts, failed_refund.next_retry_at) == (
        RefundStatus.SUCCEEDED,
        2,
        None,
    )
    payment = failed_refund.payment
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount
    assert retry_failed_refunds() == 0  # nothing left to do: running twice is harmless


def test_another_failure_waits_twice_as_long(failed_refund, kaspi):
    kaspi.failures_left = 1
    now = timezone.now() + timedelta(minutes=6)
    assert retry_due_refunds(now=now) == 0
    failed_refund.refresh_from_db()
    assert (failed_refund.status, failed_refund.attempts) == (RefundStatus.FAILED, 2)
    wait = failed_refund.next_retry_at - timezone.now()
    assert timedelta(minutes=9) < wait <= timedelta(minutes=10)


def test_after_the_last_attempt_it_waits_for_staff(failed_refund, kaspi):
    failed_refund.__class__.objects.filter(pk=failed_refund.pk).update(
        attempts=REFUND_MAX_ATTEMPTS - 1, next_retry_at=timezone.now()
    )
    kaspi.failures_left = 1
    assert retry_failed_refunds() == 0
    failed_refund.refresh_from_db()
    assert (failed_refund.status, failed_refund.attempts, failed_refund.next_retry_at) == (
        RefundStatus.FAILED,
        REFUND_MAX_ATTEMPTS,
        None,
    )
    assert retry_due_refunds(now=timezone.now() + timedelta(days=30)) == 0
