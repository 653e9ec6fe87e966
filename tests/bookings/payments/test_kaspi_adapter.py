"""integrations/kaspi.py against the fake Kaspi: invoice, status, expiry, cancel, refund, mutual TLS, failures."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from integrations import kaspi as kaspi_api
from integrations.kaspi import KaspiError, KaspiSignatureError
from tests.fakes.http import FakeService
from tests.fakes.kaspi import MERCHANT_ID, TOKEN, FakeKaspi
from tests.fakes.tls import make_pki

EXPIRES = datetime(2030, 1, 1, 12, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """Kaspi's invoices expire by the clock: the tests run before EXPIRES unless they travel past it."""
    with time_machine.travel(datetime(2030, 1, 1, 12, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def open_payment(amount="45000.00", currency="KZT", order_id="order-1", phone="+77011234567"):
    return kaspi_api.create_invoice(
        order_id=order_id,
        phone=phone,
        amount=Decimal(amount),
        currency=currency,
        comment="ЖильеGO, бронирование 1234",
        expires_at=EXPIRES,
    )


def refund(payment_id, amount, key="refund-1"):
    return kaspi_api.refund(payment_id=payment_id, amount=Decimal(amount), reason="отмена", idempotency_key=key)


def test_an_invoice_goes_to_the_phone_with_the_token_and_merchant(kaspi):
    invoice = open_payment()
    assert (invoice.payment_id, invoice.status) == ("kp-1", "waiting")
    [request] = kaspi.requests
    assert (request.method, request.path) == ("POST", "/v1/remote-payments")
    assert request.json == {
        "order_id": "order-1",
        "phone": "+77011234567",
        "amount": "45000.00",
        "currency": "KZT",
        "comment": "ЖильеGO, бронирование 1234",
        "expires_at": "2030-01-01T12:15:00+00:00",
    }
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["x-merchant-id"] == "test-merchant"
    assert headers["idempotency-key"] == "order-1"


def test_the_same_order_twice_issues_one_invoice(kaspi):
    assert open_payment().payment_id == open_payment().payment_id
    assert len(kaspi.invoices) == 1


def test_a_phone_without_kaspi_is_refused_with_its_own_code(kaspi):
    kaspi.not_clients.add("+77011234567")
    with pytest.raises(KaspiError, match="422 not_a_kaspi_client") as refused:
        open_payment()
    assert refused.value.code == kaspi_api.NOT_A_KASPI_CLIENT


@pytest.mark.parametrize(
    ("guest_does", "status"),
    [(None, "waiting"), ("pay", "paid"), ("reject", "rejected"), ("expire", "expired")],
)
def test_the_status_follows_what_the_guest_does(kaspi, guest_does, status):
    payment_id = open_payment().payment_id
    if guest_does:
        getattr(kaspi, guest_does)(payment_id)
    answer = kaspi_api.get_status(payment_id)
    assert (answer.payment_id, answer.status, answer.amount, answer.currency) == (
        payment_id,
        status,
        Decimal("45000.00"),
        "KZT",
    )
    assert (kaspi.requests[-1].method, kaspi.requests[-1].path) == ("GET", f"/v1/remote-payments/{payment_id}")


def test_an_invoice_nobody_pays_expires_with_its_time(kaspi, clock):
    payment_id = open_payment().payment_id
    clock.move_to(EXPIRES)
    assert kaspi_api.get_status(payment_id).status == "expired"


def test_cancel_withdraws_a_waiting_invoice_and_reports_a_settled_one(kaspi):
    waiting, paid = open_payment(order_id="a").payment_id, open_payment(order_id="b").payment_id
    kaspi.pay(paid)
    assert kaspi_api.cancel(waiting) == "cancelled"
    assert kaspi_api.cancel(paid) == "paid"
    assert kaspi.invoices[paid]["status"] == "paid"


def test_refund_is_idempotent_and_returns_money_once(kaspi):
    payment_id = open_payment().payment_id
    kaspi.pay(payment_id)
    first = refund(payment_id, "22500")
    again = refund(payment_id, "22500")
    assert first == again
    assert first.status == "succeeded"
    assert kaspi.invoices[payment_id]["refunded"] == Decimal("22500")
    assert kaspi.requests[-1].json == {"amount": "22500.00", "reason": "отмена"}
    assert kaspi.requests[-1].path == f"/v1/remote-payments/{payment_id}/refunds"


def test_refund_of_more_than_was_paid_is_refused(kaspi):
    payment_id = open_payment().payment_id
    kaspi.pay(payment_id)
    with pytest.raises(KaspiError, match="409 amount_exceeds"):
        refund(payment_id, "45000.01")
    assert kaspi.invoices[payment_id]["refunded"] == 0


def test_refund_of_an_unpaid_or_unknown_payment_is_refused(kaspi):
    payment_id = open_payment().payment_id
    with pytest.raises(KaspiError, match="409 not_paid"):
        refund(payment_id, "100")
    with pytest.raises(KaspiError, match="404 not_found"):
        refund("kp-404", "100")
    with pytest.raises(KaspiError, match="404 not_found"):
        kaspi_api.get_status("kp-404")


def test_refused_amount(kaspi):
    with pytest.raises(KaspiError, match="400 bad_amount"):
        open_payment(amount="0")
    assert kaspi.invoices == {}


def test_wrong_token_is_refused_by_kaspi(kaspi, settings):
    settings.KASPI_TOKEN = "not-the-token"
    with pytest.raises(KaspiError, match="401 bad_token"):
        open_payment()


def test_service_down(settings):
    with FakeKaspi(fail_times=1) as fake:
        settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN = fake.url, MERCHANT_ID, TOKEN
        with pytest.raises(KaspiError, match="503 unavailable"):
            open_payment()
        assert open_payment().payment_id == "kp-1"  # the next try goes through


def test_unreachable(settings):
    settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN = "http://127.0.0.1:9", "m", "t"
    with pytest.raises(KaspiError, match="unreachable"):
        open_payment()


def test_missing_credentials_never_call_out(settings):
    settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN = "", ""
    with pytest.raises(KaspiError, match="KASPI_MERCHANT_ID and KASPI_TOKEN must be set"):
        open_payment()


@pytest.mark.parametrize(
    "answer",
    [{"payment_id": "kp-1", "status": "mystery", "amount": "1.00", "currency": "KZT"}, {"status": "paid"}, ["x"]],
    ids=["unknown status", "fields missing", "not an object"],
)
def test_a_status_answer_kaspi_should_not_give_is_an_error(settings, answer):
    with FakeService(lambda request: (200, json.dumps(answer).encode())) as fake:
        settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN = fake.url, MERCHANT_ID, TOKEN
        with pytest.raises(KaspiError, match=r"badly|JSON object"):
            kaspi_api.get_status("kp-1")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("kaspi-pki"))


@pytest.fixture
def kaspi_over_tls(pki, settings):
    """The fake on HTTPS, wanting a client certificate of its CA; the settings have ours."""
    with FakeKaspi(pki=pki) as fake:
        settings.KASPI_API_URL, settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN = fake.url, MERCHANT_ID, TOKEN
        settings.KASPI_CA_FILE = str(pki.ca_file)
        settings.KASPI_CLIENT_CERT, settings.KASPI_CLIENT_KEY = str(pki.client_cert), str(pki.client_key)
        yield fake


def test_mutual_tls_with_our_client_certificate(kaspi_over_tls):
    assert kaspi_over_tls.url.startswith("https://")
    assert open_payment().payment_id == "kp-1"
    assert kaspi_api.get_status("kp-1").status == "waiting"


@pytest.mark.parametrize("change", ["no client certificate", "a stranger's certificate", "Kaspi's CA not trusted"])
def test_mutual_tls_refuses_what_kaspi_would(kaspi_over_tls, pki, settings, change):
    if change == "no client certificate":
        settings.KASPI_CLIENT_CERT = settings.KASPI_CLIENT_KEY = ""
    elif change == "a stranger's certificate":
        settings.KASPI_CLIENT_CERT, settings.KASPI_CLIENT_KEY = str(pki.stranger_cert), str(pki.stranger_key)
    else:
        settings.KASPI_CA_FILE = ""
    with pytest.raises(KaspiError, match="unreachable"):
        open_payment()
    assert kaspi_over_tls.invoices == {}


def test_an_unusable_certificate_path_is_an_error_not_a_crash(kaspi_over_tls, settings, tmp_path):
    settings.KASPI_CLIENT_CERT = str(tmp_path / "missing.pem")
    with pytest.raises(KaspiError, match="certificate or CA file unusable"):
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
