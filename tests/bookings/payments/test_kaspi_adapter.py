"""integrations/kaspi.py against the fake Kaspi: what goes over the wire, and every way it can fail."""

import hashlib
import hmac
from decimal import Decimal

import pytest

from integrations import kaspi as kaspi_api
from integrations.kaspi import KaspiError, KaspiSignatureError
from tests.fakes.kaspi import SECRET, FakeKaspi


def open_payment(amount="45000.00", currency="KZT", order_id="order-1"):
    return kaspi_api.create_payment(
        order_id=order_id,
        amount=Decimal(amount),
        currency=currency,
        description="ЖильеGO, бронирование 1234",
        return_url="https://zhilego.example/back/",
        webhook_url="https://zhilego.example/payments/webhook/kaspi/",
    )


def refund(payment_id, amount, key="refund-1"):
    return kaspi_api.refund(payment_id=payment_id, amount=Decimal(amount), reason="отмена", idempotency_key=key)


def test_create_payment_sends_signed_json_and_returns_the_links(kaspi):
    opened = open_payment()
    assert opened.payment_id == "kp-1"
    assert opened.redirect_url == f"{kaspi.url}/pay/kp-1"
    assert opened.qr_url == f"{kaspi.url}/qr/kp-1.png"
    [request] = kaspi.requests
    assert request.path == "/v1/payments"
    assert request.json == {
        "merchant_id": "test-merchant",
        "order_id": "order-1",
        "amount": "45000.00",
        "currency": "KZT",
        "description": "ЖильеGO, бронирование 1234",
        "return_url": "https://zhilego.example/back/",
        "webhook_url": "https://zhilego.example/payments/webhook/kaspi/",
    }
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["x-kaspi-signature"] == hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert headers["x-merchant-id"] == "test-merchant"
    assert headers["idempotency-key"] == "order-1"


def test_the_same_order_twice_opens_one_payment(kaspi):
    assert open_payment().payment_id == open_payment().payment_id
    assert len(kaspi.payments) == 1


def test_refund_is_idempotent_and_returns_money_once(kaspi):
    payment_id = open_payment().payment_id
    kaspi.pay(payment_id)
    first = refund(payment_id, "22500")
    again = refund(payment_id, "22500")
    assert first == again
    assert first.status == "succeeded"
    assert kaspi.payments[payment_id]["refunded"] == Decimal("22500")
    assert kaspi.requests[-1].json == {"amount": "22500.00", "reason": "отмена"}
    assert kaspi.requests[-1].path == f"/v1/payments/{payment_id}/refunds"


def test_refund_of_more_than_was_paid_is_refused(kaspi):
    payment_id = open_payment().payment_id
    kaspi.pay(payment_id)
    with pytest.raises(KaspiError, match="409 amount_exceeds"):
        refund(payment_id, "45000.01")
    assert kaspi.payments[payment_id]["refunded"] == 0


def test_refund_of_an_unpaid_or_unknown_payment_is_refused(kaspi):
    payment_id = open_payment().payment_id
    with pytest.raises(KaspiError, match="409 not_paid"):
        refund(payment_id, "100")
    with pytest.raises(KaspiError, match="404 payment_not_found"):
        refund("kp-404", "100")


def test_refused_amount(kaspi):
    with pytest.raises(KaspiError, match="400 bad_amount"):
        open_payment(amount="0")
    assert kaspi.payments == {}


def test_wrong_secret_is_refused_by_kaspi(kaspi, settings):
    settings.KASPI_SECRET = "not-the-secret"
    with pytest.raises(KaspiError, match="401 bad_signature"):
        open_payment()


def test_service_down(settings):
    with FakeKaspi(fail_times=1) as fake:
        settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_SECRET = fake.url, "test-merchant", SECRET
        with pytest.raises(KaspiError, match="503 unavailable"):
            open_payment()
        assert open_payment().payment_id == "kp-1"  # the next try goes through


def test_unreachable(settings):
    settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_SECRET = "http://127.0.0.1:9", "m", "s"
    with pytest.raises(KaspiError, match="unreachable"):
        open_payment()


def test_missing_credentials_never_call_out(settings):
    settings.KASPI_MERCHANT_ID, settings.KASPI_SECRET = "", ""
    with pytest.raises(KaspiError, match="KASPI_MERCHANT_ID and KASPI_SECRET must be set"):
        open_payment()


def test_webhook_with_the_right_signature_is_read(kaspi):
    payment_id = open_payment().payment_id
    body, headers = kaspi.pay(payment_id, event_id="evt-1")
    event = kaspi_api.parse_webhook(body, headers["X-Kaspi-Signature"])
    assert (event.event_id, event.type, event.payment_id) == ("evt-1", "payment.succeeded", payment_id)
    assert (event.amount, event.currency) == (Decimal("45000.00"), "KZT")


@pytest.mark.parametrize("signature", ["", "0" * 64, "sha256=whatever"])
def test_webhook_with_a_wrong_signature_is_refused(kaspi, signature):
    body, _headers = kaspi.pay(open_payment().payment_id)
    with pytest.raises(KaspiSignatureError):
        kaspi_api.parse_webhook(body, signature)


def test_webhook_is_refused_while_the_secret_is_unset(kaspi, settings):
    body, headers = kaspi.pay(open_payment().payment_id)
    settings.KASPI_SECRET = ""
    with pytest.raises(KaspiSignatureError):
        kaspi_api.parse_webhook(body, headers["X-Kaspi-Signature"])
    assert not kaspi_api.signature_is_valid(body, kaspi_api.sign(body, secret=""))


def test_signed_but_malformed_webhook_is_refused(kaspi):
    body = b'{"type": "payment.succeeded"}'
    with pytest.raises(KaspiError, match="malformed"):
        kaspi_api.parse_webhook(body, kaspi.sign(body))
