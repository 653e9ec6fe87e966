"""Kaspi POSTs its webhook over real HTTP to the running site (no test client): raw body, no CSRF, signature."""

import threading
from urllib.error import HTTPError
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from django.db import connection

from bookings.models import Booking, BookingStatus, Payment, PaymentEvent
from bookings.services import create_hold
from tests.bookings.conftest import run_concurrently
from tests.bookings.payments.conftest import open_payment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the server's connection needs committed rows"),
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site_url():
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_kaspi_posts_a_signed_webhook_to_the_site(committed_rental, kaspi, site_url, details, future, committed_rows):
    def book_and_open_payment():
        guest = get_user_model().objects.create_user(email="http-guest@example.com")
        stay = {"check_in": future(80), "check_out": future(82)}
        booking = create_hold(rental_id=committed_rental.pk, guest=guest, details=details, **stay)
        return guest, booking, open_payment(booking)

    last_event = PaymentEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    [(guest, booking, payment)] = run_concurrently([book_and_open_payment])
    committed_rows(lambda: get_user_model().objects.filter(pk=guest.pk).delete())
    committed_rows(lambda: Booking.objects.filter(pk=booking.pk).delete())
    committed_rows(lambda: Payment.objects.filter(pk=payment.pk).delete())
    # The server commits every event, also the refused forgery below, which has no payment.
    committed_rows(lambda: PaymentEvent.objects.filter(pk__gt=last_event).delete())
    webhook_url = f"{site_url}/payments/webhook/kaspi/"
    assert kaspi.invoices[payment.provider_payment_id]["status"] == "waiting"

    body, headers = kaspi.pay(payment.provider_payment_id)
    with pytest.raises(HTTPError, match="403"):
        kaspi.post_webhook(webhook_url, body, {"X-Kaspi-Signature": "0" * 64})
    assert kaspi.post_webhook(webhook_url, body, headers) == 200
    assert kaspi.post_webhook(webhook_url, body, headers) == 200  # a redelivery is harmless

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert PaymentEvent.objects.filter(payment=payment).count() == 1
