"""Paid club events: a seat waits for its payment, the sandbox and Kaspi settle it once, unpaid seats pass on, and
money goes back when the member cancels in time, the organiser cancels, or a payment comes after its seat had gone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from integrations.payments import sandbox
from loyalty.models import EventPayment, EventRefund, EventRegistration
from loyalty.services import event_payments, event_refunds, events
from tests.fakes.kaspi import MERCHANT_ID, SECRET, TOKEN, FakeKaspi
from tests.loyalty.factories import HOST, MemberFactory, club_event

pytestmark = pytest.mark.django_db
Status = EventRegistration.Status
RETURN = "http://club.localhost/club/events/1/"
WEBHOOK = "http://club.localhost/club-payments/webhook/sandbox/"


@pytest.fixture
def paid_event(clock):
    return club_event(capacity=1, price=Decimal("1500.00"), currency="KZT")


@pytest.fixture
def kaspi(settings):
    with FakeKaspi() as fake:
        settings.PAYMENT_PROVIDER = "kaspi"
        settings.KASPI_API_URL = fake.url
        settings.KASPI_MERCHANT_ID, settings.KASPI_TOKEN, settings.KASPI_SECRET = MERCHANT_ID, TOKEN, SECRET
        yield fake


def pay_in_sandbox(registration, *, paid=True):
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    return payment, event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=paid))


def test_a_paid_seat_waits_for_its_payment_then_is_hers(paid_event, clock):
    registration = events.register(paid_event, MemberFactory())
    assert registration.status == Status.PAYMENT_DUE
    assert registration.offer_expires_at - registration.created_at == timedelta(minutes=30)
    payment, outcome = pay_in_sandbox(registration)
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert (outcome, registration.status, payment.status) == ("paid", Status.REGISTERED, EventPayment.Status.PAID)
    assert payment.amount == Decimal("1500.00") and payment.currency == "KZT"


def test_the_time_to_pay_is_capped_by_the_setting_and_the_start(paid_event, settings, clock):
    settings.CLUB_EVENT_PAYMENT_MINUTES = 45
    registration = events.register(paid_event, MemberFactory())
    assert registration.offer_expires_at - registration.created_at == timedelta(minutes=45)
    late_event = club_event(price=Decimal(100), currency="KZT")
    clock.move_to(late_event.start - timedelta(minutes=10))
    late = events.register(late_event, MemberFactory())
    assert late.offer_expires_at == late_event.start


def test_a_replayed_webhook_changes_nothing(paid_event):
    registration = events.register(paid_event, MemberFactory())
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    delivery = sandbox.signed_webhook(payment, paid=True)
    assert event_payments.receive_webhook("sandbox", delivery) == "paid"
    assert event_payments.receive_webhook("sandbox", delivery) is None
    assert payment.events.count() == 1
    assert not EventRefund.objects.exists()


def test_a_webhook_with_a_bad_signature_is_refused_over_http(paid_event, client):
    registration = events.register(paid_event, MemberFactory())
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    delivery = sandbox.signed_webhook(payment, paid=True)
    response = client.post(
        "/club-payments/webhook/sandbox/",
        delivery.body,
        content_type="application/json",
        headers={sandbox.SIGNATURE_HEADER: "0" * 64},
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.PAYMENT_DUE
    assert EventPayment.objects.get().status == EventPayment.Status.CREATED
    good = client.post(
        "/club-payments/webhook/sandbox/", delivery.body, content_type="application/json", headers=delivery.headers
    )
    assert good.json() == {"outcome": "paid"}


def test_a_payment_for_a_price_other_than_the_events_is_not_taken(paid_event):
    registration = events.register(paid_event, MemberFactory())
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    outcome = event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=True, amount=Decimal(1)))
    registration.refresh_from_db()
    assert (outcome, registration.status) == ("ignored", Status.PAYMENT_DUE)


def test_a_declined_payment_leaves_the_seat_to_pay_again(paid_event):
    registration = events.register(paid_event, MemberFactory())
    first, outcome = pay_in_sandbox(registration, paid=False)
    assert outcome == "failed"
    second, outcome = pay_in_sandbox(registration)
    registration.refresh_from_db()
    assert first.pk != second.pk and outcome == "paid" and registration.status == Status.REGISTERED


def test_an_unpaid_seat_passes_on_when_its_time_runs_out_even_before_the_beat(paid_event, clock):
    first = events.register(paid_event, MemberFactory())
    waiting = events.register(paid_event, MemberFactory())
    assert waiting.status == Status.WAITING
    clock.shift(timedelta(minutes=31))
    with pytest.raises(ValidationError) as error:
        event_payments.start_payment(first, return_url=RETURN, webhook_url=WEBHOOK)
    assert error.value.code == "not_payable"
    newcomer = events.register(paid_event, MemberFactory())  # the stale seat is released under the event's lock
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status, newcomer.status) == (Status.EXPIRED, Status.OFFERED, Status.WAITING)
    confirmed = events.confirm(waiting)
    assert confirmed.status == Status.PAYMENT_DUE  # an offered seat of a paid event still has to be paid


def test_the_beat_expires_unpaid_seats_too(paid_event, clock):
    registration = events.register(paid_event, MemberFactory())
    clock.shift(timedelta(minutes=31))
    assert events.expire_offers() == 1
    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED


def test_a_payment_after_the_seat_went_to_someone_else_is_refunded(
    paid_event, clock, django_capture_on_commit_callbacks
):
    late = events.register(paid_event, MemberFactory())
    payment = event_payments.start_payment(late, return_url=RETURN, webhook_url=WEBHOOK)
    events.register(paid_event, other := MemberFactory())  # waits
    clock.shift(timedelta(minutes=31))
    events.expire_offers()
    assert events.registration_for(paid_event, other).status == Status.OFFERED
    with django_capture_on_commit_callbacks(execute=True):
        outcome = event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=True))
    late.refresh_from_db()
    refund = EventRefund.objects.get(payment=payment)
    assert (outcome, late.status) == ("refunded", Status.EXPIRED)
    assert (refund.status, refund.amount, refund.provider_refund_id) == (
        EventRefund.Status.DONE,
        Decimal("1500.00"),
        f"sandbox-refund-{refund.reference}",
    )


def test_a_late_payment_keeps_the_seat_when_one_is_still_free(clock):
    event = club_event(capacity=2, price=Decimal(500), currency="KZT")
    registration = events.register(event, MemberFactory())
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    clock.shift(timedelta(minutes=40))
    events.expire_offers()
    outcome = event_payments.receive_webhook("sandbox", sandbox.signed_webhook(payment, paid=True))
    registration.refresh_from_db()
    assert (outcome, registration.status) == ("paid", Status.REGISTERED)
    assert not EventRefund.objects.exists()


def test_a_member_who_cancels_in_time_gets_her_money_back(paid_event, django_capture_on_commit_callbacks):
    registration = events.register(paid_event, MemberFactory())
    payment, _ = pay_in_sandbox(registration)
    with django_capture_on_commit_callbacks(execute=True):
        events.cancel(registration)
    payment.refresh_from_db()
    assert payment.status == EventPayment.Status.REFUNDED
    assert payment.refund.status == EventRefund.Status.DONE


def test_the_organiser_cancelling_refunds_everyone_who_paid(clock, django_capture_on_commit_callbacks):
    event = club_event(capacity=3, price=Decimal(700), currency="KZT")
    paid = [events.register(event, MemberFactory()) for _ in range(2)]
    for registration in paid:
        pay_in_sandbox(registration)
    unpaid = events.register(event, MemberFactory())
    with django_capture_on_commit_callbacks(execute=True):
        assert events.cancel_event(event) == 3
    assert EventRefund.objects.filter(status=EventRefund.Status.DONE).count() == 2
    unpaid.refresh_from_db()
    assert unpaid.status == Status.EVENT_CANCELLED and not unpaid.payments.exists()


def test_kaspi_invoices_the_members_phone_and_a_refund_that_fails_is_retried(
    paid_event, kaspi, clock, django_capture_on_commit_callbacks
):
    registration = events.register(paid_event, MemberFactory(phone="+77011234567"))
    payment = event_payments.start_payment(registration, return_url=RETURN, webhook_url=WEBHOOK)
    invoice = kaspi.invoices[payment.provider_payment_id]
    assert (invoice["phone"], invoice["amount"]) == ("+77011234567", Decimal("1500.00"))
    assert kaspi.requests[0].json["comment"] == f"«Свой Круг», {paid_event.title}"
    kaspi.invoices[payment.provider_payment_id]["status"] = "paid"
    assert event_payments.poll_open_payments() == 1  # Kaspi settles by polling too
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED
    kaspi.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        events.cancel(registration)
    refund = EventRefund.objects.get()
    assert (refund.status, refund.attempts) == (EventRefund.Status.FAILED, 1)
    assert event_refunds.retry_due_refunds() == 0  # not due yet: 5 minutes later
    clock.shift(timedelta(minutes=6))
    assert event_refunds.retry_due_refunds() == 1
    refund.refresh_from_db()
    assert refund.status == EventRefund.Status.DONE and kaspi.invoices[payment.provider_payment_id]["refunded"] == 1500


def test_the_member_pays_through_the_pages(paid_event, client):
    member = MemberFactory()
    client.defaults["HTTP_HOST"] = HOST
    client.force_login(member.user)
    page = client.get(f"/club/events/{paid_event.pk}/")
    assert "Записаться за" in page.text
    client.post(f"/club/events/{paid_event.pk}/register/")
    page = client.get(f"/club/events/{paid_event.pk}/")
    assert 'data-event-state="payment_due"' in page.text and "Оплатить" in page.text
    to_sandbox = client.post(f"/club/events/{paid_event.pk}/pay/")
    assert to_sandbox.status_code == 302 and "/club/events/pay/sandbox/" in to_sandbox["Location"]
    assert client.get(to_sandbox["Location"]).status_code == 200
    back = client.post(to_sandbox["Location"], {"action": "pay"})
    assert back["Location"] == f"/club/events/{paid_event.pk}/"
    page = client.get(back["Location"])
    assert 'data-event-state="registered"' in page.text and "data-ticket-code" in page.text
    stranger = MemberFactory()
    client.force_login(stranger.user)
    assert client.get(to_sandbox["Location"]).status_code == 404  # another member's payment
