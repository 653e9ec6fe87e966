"""The guest pays: the pay page, the sandbox page and the return page; Kaspi's redirect; someone else's booking."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus
from tests.bookings.payments.conftest import open_payment

pytestmark = pytest.mark.django_db


def urls(booking):
    base = f"/bookings/{booking.number}"
    return {"pay": f"{base}/pay/", "status": f"{base}/payment/", "cancel": f"{base}/cancel/"}


def test_pay_page_shows_the_total_and_the_button(sandbox_provider, guest_client, hold):
    response = guest_client.get(urls(hold)["pay"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Оплата бронирования" in html
    assert str(hold.number) in html
    assert f'action="{urls(hold)["pay"]}"' in html


def test_the_guest_pays_in_the_sandbox_end_to_end(sandbox_provider, guest_client, hold):
    response = guest_client.post(urls(hold)["pay"])
    payment = Payment.objects.get(booking=hold)
    assert payment.provider == "sandbox"
    assert response.status_code == 302
    assert response["Location"] == f"/payments/sandbox/{payment.provider_payment_id}/"

    page = guest_client.get(response["Location"])
    assert page.status_code == 200
    assert "Оплатить" in page.content.decode()
    assert "Отказаться" in page.content.decode()

    paid = guest_client.post(response["Location"], {"action": "pay"})
    assert paid.status_code == 302
    assert paid["Location"] == urls(hold)["status"]
    hold.refresh_from_db()
    payment.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert payment.status == PaymentStatus.PAID
    assert PaymentEvent.objects.get(payment=payment).outcome == PaymentEvent.Outcome.CONFIRMED  # the same webhook path
    assert "Бронь подтверждена" in guest_client.get(paid["Location"]).content.decode()

    # Pressing «Оплатить» again (back button) pays nothing twice.
    again = guest_client.post(response["Location"], {"action": "pay"}, follow=True)
    assert "Этот платёж уже обработан." in again.content.decode()
    assert PaymentEvent.objects.filter(payment=payment).count() == 1


def test_declining_in_the_sandbox_offers_a_retry_while_the_hold_lasts(sandbox_provider, guest_client, hold):
    first = guest_client.post(urls(hold)["pay"])["Location"]
    guest_client.post(first, {"action": "decline"})
    status = guest_client.get(urls(hold)["status"]).content.decode()
    assert "Оплата не прошла" in status
    assert "Оплатить ещё раз" in status

    second = guest_client.post(urls(hold)["pay"])["Location"]
    assert second != first
    guest_client.post(second, {"action": "pay"})
    hold.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED
    assert list(Payment.objects.filter(booking=hold).order_by("pk").values_list("status", flat=True)) == [
        PaymentStatus.FAILED,
        PaymentStatus.PAID,
    ]


def test_paying_twice_before_the_outcome_reuses_the_open_payment(sandbox_provider, guest_client, hold):
    first = guest_client.post(urls(hold)["pay"])["Location"]
    second = guest_client.post(urls(hold)["pay"])["Location"]
    assert first == second
    assert Payment.objects.filter(booking=hold).count() == 1
    assert "Оплата обрабатывается" in guest_client.get(urls(hold)["status"]).content.decode()


def test_an_expired_hold_cannot_be_paid(sandbox_provider, guest_client, hold):
    Booking.objects.filter(pk=hold.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    response = guest_client.post(urls(hold)["pay"], follow=True)
    html = response.content.decode()
    assert "Время на оплату истекло, и даты освобождены." in html
    assert not Payment.objects.exists()
    assert guest_client.get(urls(hold)["pay"])["Location"] == urls(hold)["status"]


def test_kaspi_pushes_an_invoice_to_the_guests_phone_and_the_guest_waits_on_our_page(kaspi, guest_client, hold):
    response = guest_client.post(urls(hold)["pay"])
    payment = Payment.objects.get(booking=hold)
    assert response["Location"] == f"http://testserver{urls(hold)['status']}"
    sent = kaspi.requests[0].json
    assert sent["order_id"] == str(payment.reference)
    assert sent["phone"] == "+77011234567"
    assert sent["amount"] == f"{hold.total:.2f}"
    assert sent["expires_at"] == hold.hold_expires_at.isoformat()  # the invoice lives as long as the hold
    assert kaspi.invoices[payment.provider_payment_id]["status"] == "waiting"
    page = guest_client.get(urls(hold)["status"]).content.decode()
    assert "Счёт отправлен в приложение Kaspi на номер +77011234567" in page


def test_the_status_page_asks_kaspi_so_the_guest_sees_the_payment_at_once(kaspi, guest_client, hold):
    guest_client.post(urls(hold)["pay"])
    payment = Payment.objects.get(booking=hold)
    assert "Оплата обрабатывается" in guest_client.get(urls(hold)["status"]).content.decode()
    kaspi.pay(payment.provider_payment_id)  # in the app; no webhook, no beat task yet
    assert "Бронь подтверждена" in guest_client.get(urls(hold)["status"]).content.decode()
    hold.refresh_from_db()
    assert hold.status == BookingStatus.CONFIRMED


def test_a_phone_without_kaspi_gets_a_clear_message(kaspi, guest_client, hold):
    kaspi.not_clients.add("+77011234567")
    response = guest_client.post(urls(hold)["pay"], follow=True)
    assert "Номер +77011234567 не зарегистрирован в Kaspi.kz: счёт отправить некуда." in response.content.decode()
    assert Payment.objects.get(booking=hold).status == PaymentStatus.FAILED
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD


def test_kaspi_down_gives_a_clear_message_and_the_hold_stays(kaspi, guest_client, hold):
    kaspi.failures_left = 1
    response = guest_client.post(urls(hold)["pay"], follow=True)
    assert "Платёжная система сейчас не отвечает. Попробуйте ещё раз через минуту." in response.content.decode()
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD
    assert Payment.objects.get(booking=hold).status == PaymentStatus.FAILED
    guest_client.post(urls(hold)["pay"])  # the retry works
    assert Payment.objects.filter(booking=hold, status=PaymentStatus.CREATED).exclude(provider_payment_id="").exists()


def test_someone_elses_booking_is_not_found_and_nothing_changes(sandbox_provider, client, hold):
    stranger = get_user_model().objects.create_user(email="stranger@example.com")
    client.force_login(stranger)
    for name, url in urls(hold).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name
    payment = open_payment(hold)
    sandbox_page = f"/payments/sandbox/{payment.provider_payment_id}/"
    assert client.get(sandbox_page).status_code == 404
    assert client.post(sandbox_page, {"action": "pay"}).status_code == 404
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD
    assert Payment.objects.filter(booking=hold).count() == 1
    assert not PaymentEvent.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, hold):
    response = client.get(urls(hold)["pay"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_sandbox_page_is_off_while_kaspi_is_the_provider(settings, guest_client, hold):
    payment = open_payment(hold)  # made in the sandbox (the test default)
    settings.PAYMENT_PROVIDER = "kaspi"
    assert guest_client.post(f"/payments/sandbox/{payment.provider_payment_id}/", {"action": "pay"}).status_code == 404
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD
