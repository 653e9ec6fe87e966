"""Malformed payment webhooks, signed with the right secret: each is refused with a 4xx, recorded for staff as
refused, and changes nothing (issue 12, item 4). Runs on SQLite and PostgreSQL alike: lengths and characters are
checked before anything reaches the database."""

import json

import pytest
from django.test import Client

from bookings.models import Booking, BookingStatus, Payment, PaymentEvent, PaymentStatus, Refund
from bookings.payments.services import REFUSED_RECORDED_PER_MINUTE
from tests.bookings.payments.conftest import open_payment

pytestmark = pytest.mark.django_db
URL = "/payments/webhook/kaspi/"
DEEP = 100_000  # deeper than Python's JSON parser can go


def event(payment, **changes):
    """A well-formed payment.succeeded event for `payment`, with `changes` applied."""
    return json.dumps(
        {
            "event_id": "evt-1",
            "type": "payment.succeeded",
            "payment_id": payment.provider_payment_id,
            "amount": f"{payment.amount:.2f}",
            "currency": "KZT",
        }
        | changes
    )


CASES = {
    "amount sNaN": lambda p: event(p, amount="sNaN"),
    "amount NaN": lambda p: event(p, amount="NaN"),
    "amount Infinity": lambda p: event(p, amount="Infinity"),
    "amount -Infinity": lambda p: event(p, amount="-Infinity"),
    "bare NaN literal": lambda p: event(p, amount="X").replace('"X"', "NaN"),
    "bare Infinity literal": lambda p: event(p, amount="X").replace('"X"', "Infinity"),
    "amount 1e400": lambda p: event(p, amount="X").replace('"X"', "1e400"),
    "amount with three decimals": lambda p: event(p, amount="45000.001"),
    "negative amount": lambda p: event(p, amount="-1.00"),
    "amount true": lambda p: event(p, amount=True),
    "amount an object": lambda p: event(p, amount={"value": "1"}),
    "amount a huge integer": lambda p: event(p, amount="X").replace('"X"', "9" * 5000),
    "event id of 500 characters": lambda p: event(p, event_id="e" * 500),
    "type of 500 characters": lambda p: event(p, type="t" * 500),
    "payment id of 500 characters": lambda p: event(p, payment_id="p" * 500),
    "currency of 500 characters": lambda p: event(p, currency="K" * 500),
    "NUL escaped in the event id": lambda p: event(p, event_id="evt\u0000"),
    "NUL escaped in an extra field": lambda p: event(p, note="a\u0000b"),
    "NUL byte in the body": lambda p: event(p).encode().replace(b'"evt-1"', b'"evt\x00-1"'),
    "deeply nested object": lambda p: '{"a":' * DEEP + "1" + "}" * DEEP,
    "deeply nested inside the event": lambda p: event(p, extra="X").replace('"X"', "[" * DEEP + "]" * DEEP),
    "a JSON array": lambda p: "[]",
    "a JSON string": lambda p: '"payment.succeeded"',
    "a JSON number": lambda p: "1",
    "JSON null": lambda p: "null",
    "not JSON": lambda p: "event_id=evt-1&type=payment.succeeded",
    "empty body": lambda p: "",
    "not UTF-8": lambda p: b"\xff\xfe{}",
    "event id an object": lambda p: event(p, event_id={"id": 1}),
    "event id true": lambda p: event(p, event_id=True),
    "event id empty": lambda p: event(p, event_id=""),
    "type a number": lambda p: event(p, type=5),
    "payment id a list": lambda p: event(p, payment_id=[p.provider_payment_id]),
    "currency a number": lambda p: event(p, currency=398),
    "event id missing": lambda p: json.dumps({"type": "payment.succeeded", "payment_id": p.provider_payment_id}),
    "control characters in the type": lambda p: event(p, type="payment.succeeded\n\r"),
}


def state(booking):
    booking = Booking.objects.get(pk=booking.pk)
    return (
        booking.status,
        booking.status_history.count(),
        list(Payment.objects.filter(booking=booking).values_list("status", "paid_at")),
        Refund.objects.count(),
    )


@pytest.mark.parametrize("make_body", CASES.values(), ids=CASES.keys())
def test_a_malformed_signed_webhook_is_refused_recorded_and_changes_nothing(kaspi, hold, make_body):
    payment = open_payment(hold)
    body = make_body(payment)
    body = body if isinstance(body, bytes) else body.encode()
    before = state(hold)
    response = Client().post(
        URL, body, content_type="application/json", headers={"X-Kaspi-Signature": kaspi.sign(body)}
    )
    assert response.status_code == 400
    assert state(hold) == before
    assert state(hold)[0] == BookingStatus.HOLD and before[2] == [(PaymentStatus.CREATED, None)]
    [refused] = PaymentEvent.objects.all()
    assert (refused.provider, refused.outcome, refused.event_id, refused.payment) == ("kaspi", "refused", "", None)
    assert refused.payload["status"] == 400
    assert refused.payload["reason"].startswith("malformed")
    assert "\x00" not in json.dumps(refused.payload, ensure_ascii=False)
    assert len(refused.payload["body"]) <= 2000


def test_a_body_over_the_upload_limit_is_refused_and_recorded(kaspi, hold, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payment = open_payment(hold)
    body = event(payment, padding="x" * 2000).encode()
    response = Client().post(
        URL, body, content_type="application/json", headers={"X-Kaspi-Signature": kaspi.sign(body)}
    )
    assert response.status_code == 413
    hold.refresh_from_db()
    assert hold.status == BookingStatus.HOLD
    refused = PaymentEvent.objects.get()
    assert (refused.outcome, refused.payload["status"], refused.payload["body"]) == ("refused", 413, "")


def test_an_unsigned_malformed_body_is_refused_for_its_signature(kaspi, hold):
    body = ('{"a":' * DEEP + "1" + "}" * DEEP).encode()
    assert Client().post(URL, body, content_type="application/json").status_code == 403
    refused = PaymentEvent.objects.get()
    assert (refused.outcome, refused.payload["status"]) == ("refused", 403)
    assert refused.payload["body"] == body[:2000].decode()


def test_a_well_formed_event_with_a_numeric_amount_and_id_still_confirms(kaspi, hold):
    """What is refused above is refused for its shape: JSON numbers where Kaspi may send them are fine."""
    payment = open_payment(hold)
    body = event(payment, event_id=123456, amount="X").replace('"X"', f"{payment.amount:.2f}").encode()
    response = Client().post(
        URL, body, content_type="application/json", headers={"X-Kaspi-Signature": kaspi.sign(body)}
    )
    assert response.json() == {"outcome": "confirmed"}
    assert PaymentEvent.objects.get().event_id == "123456"


def test_a_flood_of_refused_webhooks_is_recorded_only_up_to_the_limit(kaspi, frozen_clock):
    for _attempt in range(REFUSED_RECORDED_PER_MINUTE + 5):
        assert Client().post(URL, b"{}", content_type="application/json").status_code == 403
    assert PaymentEvent.objects.filter(outcome="refused").count() == REFUSED_RECORDED_PER_MINUTE
