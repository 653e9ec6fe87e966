"""Webhooks racing cancellations, each other, and new bookings, on separate connections: always a consistent end."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from bookings import lifecycle
from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from bookings.payments.services import poll_open_payments, poll_payment, receive_webhook
from bookings.services import DatesUnavailable, create_hold
from integrations.payments import sandbox
from integrations.payments.base import SignedDelivery
from tests.bookings.conftest import run_concurrently
from tests.bookings.payments.conftest import open_payment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def committed(function):
    [result] = run_concurrently([function])
    assert not isinstance(result, Exception), result
    return result


@pytest.fixture
def rental(committed_rental):
    return committed_rental


@pytest.fixture
def racers(committed_rows, sandbox_provider):
    """Two committed guests; everything they book, pay and get back is deleted afterwards."""
    users = [
        committed(lambda email=email: get_user_model().objects.create_user(email=email))
        for email in ("racer-a@example.com", "racer-b@example.com")
    ]
    committed_rows(lambda: get_user_model().objects.filter(pk__in=[u.pk for u in users]).delete())
    last_event = PaymentEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def clean():
        Refund.objects.filter(payment__booking__guest__in=users).delete()
        # Every event of the race, also those kept without a payment (refused, or for another open payment).
        PaymentEvent.objects.filter(pk__gt=last_event).delete()
        Payment.objects.filter(booking__guest__in=users).delete()
        Booking.objects.filter(guest__in=users).delete()

    committed_rows(clean)
    return users


def committed_hold(rental, guest, details, check_in, check_out):
    return committed(
        lambda: create_hold(rental_id=rental.pk, guest=guest, check_in=check_in, check_out=check_out, details=details)
    )


@pytest.mark.parametrize("round_", range(8))
def test_payment_and_guest_cancellation_at_once_end_consistently(rental, details, future, racers, round_):
    guest = racers[0]
    booking = committed_hold(rental, guest, details, future(5 * round_), future(5 * round_ + 2))
    payment = committed(lambda: open_payment(booking))
    delivery = sandbox.signed_webhook(payment, paid=True)

    webhook, cancellation = run_concurrently(
        [lambda: receive_webhook("sandbox", delivery), lambda: lifecycle.cancel_by_guest(booking, guest)]
    )
    assert not isinstance(webhook, Exception), webhook
    assert not isinstance(cancellation, Exception), cancellation

    booking.refresh_from_db()
    payment.refresh_from_db()
    history = list(booking.status_history.values_list("to_status", flat=True))
    assert booking.status == BookingStatus.CANCELLED
    assert history in (["HOLD", "CONFIRMED", "CANCELLED"], ["HOLD", "CANCELLED"])
    # Either way the guest, 200 days ahead, gets all the money back exactly once.
    [refund] = payment.refunds.all()
    assert (refund.amount, refund.status) == (payment.amount, RefundStatus.SUCCEEDED)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, payment.amount)
    assert PaymentEvent.objects.filter(payment=payment).count() == 1
    assert webhook == ("confirmed" if history[1] == "CONFIRMED" else "refunded")


def test_the_same_webhook_twice_at_once_is_applied_once(rental, details, future, racers):
    booking = committed_hold(rental, racers[0], details, future(50), future(52))
    payment = committed(lambda: open_payment(booking))
    delivery = sandbox.signed_webhook(payment, paid=True)

    results = run_concurrently([lambda: receive_webhook("sandbox", delivery)] * 2)
    assert sorted(results, key=str) == [None, "confirmed"]  # None: the second saw the first's event id
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.status_history.count() == 2
    assert PaymentEvent.objects.filter(payment=payment).count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_a_late_payment_and_a_new_booking_of_the_same_dates_at_once(rental, details, future, racers, round_):
    first, second = racers
    check_in, check_out = future(60 + 10 * round_), future(62 + 10 * round_)
    late = committed_hold(rental, first, details, check_in, check_out)
    payment = committed(lambda: open_payment(late))
    committed(lambda: Booking.objects.filter(pk=late.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1)))
    delivery = sandbox.signed_webhook(payment, paid=True)

    webhook, newcomer = run_concurrently(
        [
            lambda: receive_webhook("sandbox", delivery),
            lambda: create_hold(
                rental_id=rental.pk, guest=second, check_in=check_in, check_out=check_out, details=details
            ),
        ]
    )
    late.refresh_from_db()
    payment.refresh_from_db()
    if webhook == "confirmed":  # the payment came first: the dates are the paying guest's
        assert late.status == BookingStatus.CONFIRMED
        assert isinstance(newcomer, DatesUnavailable)
        assert not payment.refunds.exists()
    else:  # the newcomer came first: the late hold expired and the money goes back
        assert webhook == "refunded"
        assert isinstance(newcomer, Booking)
        assert late.status == BookingStatus.EXPIRED
        assert payment.refunds.get().status == RefundStatus.SUCCEEDED
    occupying = Booking.objects.occupying().overlapping(check_in, check_out).filter(rental=rental)
    assert occupying.count() == 1


REPLAYS = 20


def test_the_same_signed_event_replayed_20_times_at_once_confirms_once(rental, details, future, racers):
    booking = committed_hold(rental, racers[0], details, future(100), future(102))
    payment = committed(lambda: open_payment(booking))
    delivery = sandbox.signed_webhook(payment, paid=True)

    results = run_concurrently([lambda: receive_webhook("sandbox", delivery)] * REPLAYS)
    assert sorted(results, key=str) == [None] * (REPLAYS - 1) + ["confirmed"], results
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert list(booking.status_history.values_list("to_status", flat=True)) == ["HOLD", "CONFIRMED"]
    assert PaymentEvent.objects.filter(payment=payment).count() == 1
    assert not payment.refunds.exists()


@pytest.fixture
def kaspi_racers(racers, kaspi, settings):
    settings.PAYMENT_PROVIDER = "kaspi"
    return racers


@pytest.mark.parametrize("round_", range(3))
def test_polls_and_webhooks_for_one_paid_invoice_at_once_confirm_once(
    rental, details, future, kaspi_racers, kaspi, round_
):
    booking = committed_hold(rental, kaspi_racers[0], details, future(110 + 5 * round_), future(112 + 5 * round_))
    payment = committed(lambda: open_payment(booking))
    body, headers = kaspi.pay(payment.provider_payment_id)
    webhook = SignedDelivery(body, headers)

    results = run_concurrently(
        [lambda: receive_webhook("kaspi", webhook), lambda: poll_payment(payment), lambda: poll_open_payments()] * 4
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert list(booking.status_history.values_list("to_status", flat=True)) == ["HOLD", "CONFIRMED"]
    assert payment.status == PaymentStatus.PAID
    outcomes = list(PaymentEvent.objects.filter(payment=payment).values_list("outcome", flat=True))
    assert outcomes.count("confirmed") == 1
    assert set(outcomes) <= {"confirmed", "already_settled"}
    assert not payment.refunds.exists()


def test_a_late_payment_for_dates_a_new_hold_took_is_refunded_in_full_once(
    rental, details, future, kaspi_racers, kaspi
):
    late_guest, newcomer = kaspi_racers
    check_in, check_out = future(130), future(132)
    late = committed_hold(rental, late_guest, details, check_in, check_out)
    payment = committed(lambda: open_payment(late))
    body, headers = kaspi.pay(payment.provider_payment_id)
    committed(lambda: Booking.objects.filter(pk=late.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1)))
    taken = committed_hold(rental, newcomer, details, check_in, check_out)

    results = run_concurrently(
        [lambda: receive_webhook("kaspi", SignedDelivery(body, headers)), lambda: poll_payment(payment)] * 3
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    late.refresh_from_db()
    payment.refresh_from_db()
    taken.refresh_from_db()
    assert (late.status, taken.status) == (BookingStatus.EXPIRED, BookingStatus.HOLD)
    [refund] = payment.refunds.all()
    assert (refund.amount, refund.status) == (payment.amount, RefundStatus.SUCCEEDED)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, payment.amount)
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount
    assert [r.path.endswith("/refunds") for r in kaspi.requests].count(True) == 1
