"""The realtor's admin page for a booking, and payments in the admin."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bookings.lifecycle import booking_zone, cancel_by_guest
from bookings.models import Booking, BookingStatus, Payment, PaymentStatus, Refund, RefundStatus
from bookings.payments.services import receive_webhook
from bookings.services import create_hold
from bookings.status import transition
from bookings.wagtail_hooks import booking_actions_button
from integrations.payments.base import SignedDelivery
from tests.bookings.payments.conftest import open_payment, pay_in_sandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(sandbox_provider, hold):
    pay_in_sandbox(hold)
    return hold


def actions_url(booking):
    return f"/admin/bookings/{booking.number}/actions/"


def snapshot(booking):
    booking = Booking.objects.get(pk=booking.pk)
    return booking.status, booking.status_history.count(), Refund.objects.count()


def test_the_realtor_sees_the_booking_and_its_money(confirmed, realtor, client):
    client.force_login(realtor)
    response = client.get(actions_url(confirmed))
    assert response.status_code == 200
    html = response.content.decode()
    assert confirmed.guest_name in html
    payment = Payment.objects.get(booking=confirmed)
    with translation.override("ru"):  # the admin speaks Russian here: "1 538,5" style
        for amount in (payment.commission, payment.provider_fee, payment.realtor_payout):
            assert floatformat(amount, "-2g") in html
    assert 'value="cancel"' in html
    assert 'value="check_in"' in html


def test_cancel_without_a_reason_is_refused_and_changes_nothing(confirmed, realtor, client):
    client.force_login(realtor)
    before = snapshot(confirmed)
    response = client.post(actions_url(confirmed), {"action": "cancel", "reason": "  "})
    assert response.status_code == 400
    assert "Укажите причину отмены: её увидит гость." in response.content.decode()
    assert snapshot(confirmed) == before


def test_cancel_with_a_reason_refunds_in_full(confirmed, realtor, client, django_capture_on_commit_callbacks):
    client.force_login(realtor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(actions_url(confirmed), {"action": "cancel", "reason": "Двойная продажа на Krisha"})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.CANCELLED
    assert confirmed.status_history.last().reason == "Двойная продажа на Krisha"
    payment = Payment.objects.get(booking=confirmed)
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunds.get().amount == payment.amount
    assert 'value="cancel"' not in client.get(actions_url(confirmed)).content.decode()


def test_check_in_and_out_from_the_admin(confirmed, realtor, client):
    client.force_login(realtor)
    too_early = client.post(actions_url(confirmed), {"action": "check_in"})
    assert too_early.status_code == 400
    assert "Заселить гостя можно не раньше дня заезда" in too_early.content.decode()
    today = datetime.now(booking_zone()).date()
    Booking.objects.filter(pk=confirmed.pk).update(check_in=today, check_out=today + timedelta(days=3))
    assert client.post(actions_url(confirmed), {"action": "check_in"}).status_code == 302
    assert client.post(actions_url(confirmed), {"action": "check_out"}).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.COMPLETED
    again = client.post(actions_url(confirmed), {"action": "check_out"})
    assert again.status_code == 400
    assert "Нельзя перевести бронирование" in again.content.decode()


@pytest.mark.parametrize("action", ["cancel", "check_in", "check_out"])
def test_another_realtor_is_refused_and_nothing_changes(confirmed, realtor, other_realtor, client, action):
    client.force_login(other_realtor)
    before = snapshot(confirmed)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard and an error message.
    assert client.get(actions_url(confirmed))["Location"] == "/admin/"
    assert client.post(actions_url(confirmed), {"action": action, "reason": "чужое"})["Location"] == "/admin/"
    assert snapshot(confirmed) == before


def test_the_superuser_may_act_on_any_booking(confirmed, client):
    client.force_login(get_user_model().objects.create_superuser(email="root@example.com"))
    assert client.get(actions_url(confirmed)).status_code == 200
    assert client.get("/admin/bookings/00000000-0000-0000-0000-000000000000/actions/").status_code == 404


def test_a_failed_refund_is_retried_from_the_admin(
    kaspi, hold, guest, realtor, client, django_capture_on_commit_callbacks
):
    payment = open_payment(hold)
    transition(hold, BookingStatus.CANCELLED, by=guest)
    kaspi.failures_left = 1  # Kaspi refuses the automatic refund of the payment that came too late
    with django_capture_on_commit_callbacks(execute=True):
        receive_webhook("kaspi", SignedDelivery(*kaspi.pay(payment.provider_payment_id)))
    refund = payment.refunds.get()
    assert refund.status == RefundStatus.FAILED

    client.force_login(realtor)
    assert "Повторить возврат" in client.get(actions_url(hold)).content.decode()
    response = client.post(actions_url(hold), {"action": "retry_refund", "refund": refund.pk})
    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount


def test_booking_rows_get_an_actions_button(hold, realtor):
    [button] = booking_actions_button(hold, realtor)
    assert button.url == actions_url(hold)


# -- payments in the admin -------------------------------------------------------------------------------------------


def test_payments_are_for_the_superuser_to_read_not_to_edit(confirmed, realtor, client):
    payment = Payment.objects.get(booking=confirmed)
    client.force_login(realtor)
    assert client.get("/admin/snippets/bookings/payment/").status_code in (302, 403)
    client.force_login(get_user_model().objects.create_superuser(email="root@example.com"))
    listing = client.get("/admin/snippets/bookings/payment/")
    assert listing.status_code == 200
    assert confirmed.short_number in listing.content.decode()
    assert client.get(f"/admin/snippets/bookings/payment/inspect/{payment.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/bookings/payment/edit/{payment.pk}/").status_code in (302, 403)
    assert client.get("/admin/snippets/bookings/payment/add/").status_code in (302, 403)
    assert client.get("/admin/snippets/bookings/refund/").status_code == 200


@pytest.mark.parametrize("listing", ["/admin/snippets/bookings/payment/", "/admin/snippets/bookings/refund/"])
def test_payment_and_refund_listings_do_not_query_per_row(
    sandbox_provider, rental, guest, details, future, client, listing
):
    client.force_login(get_user_model().objects.create_superuser(email="root@example.com"))

    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(listing).status_code == 200
        return len(queries)

    def book_pay_and_cancel(start):
        booking = create_hold(
            rental_id=rental.pk, guest=guest, check_in=future(start), check_out=future(start + 1), details=details
        )
        Booking.objects.filter(pk=booking.pk).update(total=Decimal("1000"))
        booking = Booking.objects.get(pk=booking.pk)
        pay_in_sandbox(booking)
        cancel_by_guest(booking, guest)

    book_pay_and_cancel(0)
    listing_queries()  # what a worker caches for good (content types, the admin's menus) is not the rows' cost
    few = listing_queries()
    for start in range(2, 12, 2):
        book_pay_and_cancel(start)
    assert Refund.objects.count() == 6
    assert listing_queries() == few
