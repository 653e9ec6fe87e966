"""Cancelling: the guest under the refund policy, the realtor with a reason; check-in and check-out."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Page

from bookings import lifecycle
from bookings.models import Booking, BookingStatus, Payment, PaymentStatus, Refund, RefundStatus
from bookings.permissions import can_manage_booking
from bookings.status import TransitionNotAllowed
from tests.bookings.payments.conftest import pay_in_sandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(sandbox_provider, hold):
    Booking.objects.filter(pk=hold.pk).update(total=Decimal("60000.00"))
    hold.refresh_from_db()
    pay_in_sandbox(hold)
    assert hold.status == BookingStatus.CONFIRMED
    return hold


def snapshot(booking):
    booking = Booking.objects.get(pk=booking.pk)
    return booking.status, booking.status_history.count(), Refund.objects.filter(payment__booking=booking).count()


def test_check_in_is_the_rentals_time_in_astana(hold, settings):
    moment = lifecycle.check_in_moment(hold)
    assert moment.date() == hold.check_in
    assert moment.time() == hold.rental.check_in_time == time(14)
    assert moment.utcoffset() == timedelta(hours=5)
    assert moment.astimezone(UTC) == datetime.combine(hold.check_in, time(9), tzinfo=UTC)


@pytest.mark.parametrize(("hours_before", "percent", "refund"), [(30, 100, "60000"), (13, 50, "30000"), (2, 0, "0")])
def test_guest_cancellation_follows_the_refund_policy(
    confirmed, guest, django_capture_on_commit_callbacks, hours_before, percent, refund
):
    now = lifecycle.check_in_moment(confirmed) - timedelta(hours=hours_before)
    assert lifecycle.guest_cancellation_terms(confirmed, now).refund == Decimal(refund)  # what the page shows
    with django_capture_on_commit_callbacks(execute=True):
        terms = lifecycle.cancel_by_guest(confirmed, guest, now=now)
    assert (terms.percent, terms.refund) == (percent, Decimal(refund))
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.CANCELLED
    change = confirmed.status_history.last()
    assert (change.changed_by, change.reason) == (guest, "Отменено гостем")
    payment = Payment.objects.get(booking=confirmed)
    refunds = list(payment.refunds.values_list("amount", "status"))
    if percent:
        assert refunds == [(Decimal(refund), RefundStatus.SUCCEEDED)]
        assert payment.refunded_amount == Decimal(refund)
        assert payment.status == (PaymentStatus.REFUNDED if percent == 100 else PaymentStatus.PARTIALLY_REFUNDED)
    else:
        assert refunds == []
        assert payment.status == PaymentStatus.PAID


def test_the_policy_is_configurable(confirmed, settings):
    settings.BOOKING_REFUND_POLICY = [(48, 100), (6, 30)]
    check_in = lifecycle.check_in_moment(confirmed)
    assert lifecycle.refund_percent(confirmed, check_in - timedelta(hours=30)) == 30
    assert lifecycle.refund_percent(confirmed, check_in - timedelta(hours=48)) == 100
    assert lifecycle.refund_percent(confirmed, check_in - timedelta(hours=5, minutes=59)) == 0


def test_a_hold_cancelled_before_payment_needs_no_refund(sandbox_provider, hold, guest):
    terms = lifecycle.cancel_by_guest(hold, guest)
    assert terms.refund == 0
    hold.refresh_from_db()
    assert hold.status == BookingStatus.CANCELLED
    assert not Refund.objects.exists()


def test_cancelling_twice_is_refused_and_changes_nothing(confirmed, guest):
    lifecycle.cancel_by_guest(confirmed, guest)
    before = snapshot(confirmed)
    with pytest.raises(TransitionNotAllowed, match="Нельзя перевести"):
        lifecycle.cancel_by_guest(confirmed, guest)
    assert snapshot(confirmed) == before


def test_kaspi_refunds_a_guest_cancellation(kaspi, hold, guest, client, django_capture_on_commit_callbacks):
    client.force_login(guest)
    client.post(f"/bookings/{hold.number}/pay/")
    payment = Payment.objects.get(booking=hold)
    body, headers = kaspi.pay(payment.provider_payment_id)
    client.post("/payments/webhook/kaspi/", body, content_type="application/json", headers=headers)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.cancel_by_guest(hold, guest)  # 200 days ahead: everything back
    refund = payment.refunds.get()
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.provider_refund_id.startswith("kr-")
    assert kaspi.invoices[payment.provider_payment_id]["refunded"] == payment.amount
    sent = kaspi.requests[-1]
    assert sent.path == f"/v1/remote-payments/{payment.provider_payment_id}/refunds"
    assert {k.lower(): v for k, v in sent.headers.items()}["idempotency-key"] == str(refund.reference)


# -- the guest's cancel page -----------------------------------------------------------------------------------------


def test_cancel_page_shows_the_refund_before_confirming(confirmed, guest_client):
    html = guest_client.get(f"/bookings/{confirmed.number}/cancel/").content.decode()
    assert "По правилам отмены вы получите обратно 100%: 60\xa0000 ₸." in html
    assert "за 24 ч до заезда и раньше — возврат 100%" in html
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.CONFIRMED  # looking changes nothing


def test_cancel_page_cancels_and_says_how_much_comes_back(confirmed, guest_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_client.post(f"/bookings/{confirmed.number}/cancel/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/bookings/"
    assert "Бронирование отменено. Вернём 60\xa0000 ₸ на карту, с которой вы платили." in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.CANCELLED


def test_cancelling_a_cancelled_booking_on_the_page_is_refused(confirmed, guest, guest_client):
    lifecycle.cancel_by_guest(confirmed, guest)
    before = snapshot(confirmed)
    response = guest_client.post(f"/bookings/{confirmed.number}/cancel/")
    assert response.status_code == 400
    assert "Это бронирование уже нельзя отменить." in response.content.decode()
    assert snapshot(confirmed) == before


def test_a_stranger_cannot_cancel(confirmed, client):
    client.force_login(get_user_model().objects.create_user(email="stranger@example.com"))
    before = snapshot(confirmed)
    assert client.post(f"/bookings/{confirmed.number}/cancel/").status_code == 404
    with pytest.raises(PermissionDenied):
        lifecycle.cancel_by_guest(confirmed, get_user_model().objects.get(email="stranger@example.com"))
    assert snapshot(confirmed) == before


# -- the realtor -----------------------------------------------------------------------------------------------------


def fresh(booking):
    return Booking.objects.select_related("rental").get(pk=booking.pk)


def test_realtor_cancellation_needs_a_reason(confirmed, realtor):
    before = snapshot(confirmed)
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match="Укажите причину отмены"):
            lifecycle.cancel_by_staff(fresh(confirmed), realtor, reason)
    assert snapshot(confirmed) == before


def test_realtor_cancellation_refunds_everything(confirmed, realtor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        terms = lifecycle.cancel_by_staff(fresh(confirmed), realtor, "Прорвало трубу, квартира на ремонте")
    assert terms.refund == Decimal("60000.00")
    confirmed.refresh_from_db()
    change = confirmed.status_history.last()
    assert (confirmed.status, change.changed_by, change.reason) == (
        BookingStatus.CANCELLED,
        realtor,
        "Прорвало трубу, квартира на ремонте",
    )
    assert Payment.objects.get(booking=confirmed).status == PaymentStatus.REFUNDED


def test_check_in_and_check_out(confirmed, realtor):
    with pytest.raises(ValidationError, match="не раньше дня заезда"):
        lifecycle.check_in(fresh(confirmed), realtor)
    today = datetime.now(lifecycle.booking_zone()).date()
    Booking.objects.filter(pk=confirmed.pk).update(check_in=today, check_out=today + timedelta(days=3))
    lifecycle.check_in(fresh(confirmed), realtor)
    assert fresh(confirmed).status == BookingStatus.CHECKED_IN
    lifecycle.check_out(fresh(confirmed), realtor)
    assert fresh(confirmed).status == BookingStatus.COMPLETED
    assert [c.to_status for c in confirmed.status_history.all()][-2:] == ["CHECKED_IN", "COMPLETED"]


def test_check_out_before_check_in_is_refused(confirmed, realtor):
    with pytest.raises(TransitionNotAllowed):
        lifecycle.check_out(fresh(confirmed), realtor)


def test_another_realtor_can_do_nothing(confirmed, realtor, other_realtor):
    before = snapshot(confirmed)
    for action in (
        lambda b: lifecycle.cancel_by_staff(b, other_realtor, "не моё"),
        lambda b: lifecycle.check_in(b, other_realtor),
        lambda b: lifecycle.check_out(b, other_realtor),
    ):
        with pytest.raises(PermissionDenied):
            action(fresh(confirmed))
    assert snapshot(confirmed) == before


def test_who_manages_a_booking(confirmed, realtor, other_realtor, guest):
    booking = fresh(confirmed)
    superuser = get_user_model().objects.create_superuser(email="root@example.com")
    inactive = get_user_model().objects.create_superuser(email="gone@example.com", is_active=False)
    assert can_manage_booking(realtor, booking)
    assert can_manage_booking(superuser, booking)
    assert not can_manage_booking(other_realtor, booking)
    assert not can_manage_booking(guest, booking)  # the guest cancels as a guest, not as the landlord
    assert not can_manage_booking(inactive, booking)
    assert not can_manage_booking(AnonymousUser(), booking)
    Page.objects.filter(pk=booking.rental_id).update(owner=None)
    assert not can_manage_booking(realtor, fresh(confirmed))
