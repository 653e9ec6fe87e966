"""deliver(): one attempt through the channel's real adapter against a local fake of the service;
failures back off exponentially and end as failed; nothing is sent twice."""

import datetime
import socket

import pytest
from django.core import mail
from django.utils import timezone

from integrations.webpush import vapid_public_key
from notifications import services
from notifications.delivery import backoff_delay, deliver
from notifications.models import Notification, PushSubscription
from notifications.services import notify
from notifications.tasks import dispatch_due_notifications, send_notification
from tests.fakes.sms_ru import sent_messages as sms_sent
from tests.fakes.telegram import sent_messages as telegram_sent
from tests.fakes.webpush import vapid_claims, vapid_public_key_of, vapid_signature_is_valid
from tests.notifications.samples import BOOKING_CONFIRMED

pytestmark = pytest.mark.django_db


def one(user, kind="booking.confirmed", channel="email"):
    [row] = notify(user, kind, BOOKING_CONFIRMED, channels=[channel])
    return row


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_email_goes_out_with_text_and_html(make_user):
    row = one(make_user())
    assert deliver(row.pk) is not None
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Notification.Status.SENT, 1, "")
    assert row.sent_at is not None and row.next_attempt_at is None
    [message] = mail.outbox
    assert message.subject == row.subject and message.body == row.body
    assert BOOKING_CONFIRMED["number"] in message.alternatives[0].content


def test_unreachable_mail_server_keeps_the_message_pending(make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    row = one(make_user())
    before = timezone.now()
    deliver(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 1)
    assert "Mail not sent" in row.last_error
    assert before + datetime.timedelta(seconds=60) <= row.next_attempt_at <= timezone.now() + datetime.timedelta(60)


def test_sms_through_the_sms_api(make_user, sms_api):
    user = make_user(phone="+7 701 123-45-67", phone_verified=True)
    row = one(user, kind="booking.reminder_checkin", channel="sms")
    with sms_api() as api:
        deliver(row.pk)
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert sms_sent(api) == [("77011234567", row.body)]


def test_telegram_through_the_bot_api(make_user, telegram_api):
    row = one(make_user(telegram_chat=42_000_001), channel="telegram")
    with telegram_api(known_chats={42_000_001}) as api:
        deliver(row.pk)
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    [(chat_id, text)] = telegram_sent(api)
    assert chat_id == "42000001"
    assert text == f"{row.subject}\n\n{row.body}\n\n{BOOKING_CONFIRMED['url']}"
    assert api.requests[0].headers["Content-Type"] == "application/json"


def test_a_chat_that_is_gone_fails_at_once(make_user, telegram_api):
    row = one(make_user(telegram_chat=42_000_002), channel="telegram")
    with telegram_api(known_chats=set()) as api:
        deliver(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 1)
    assert "chat not found" in row.last_error
    assert len(api.requests) == 1


def test_web_push_is_encrypted_for_the_browser_and_signed_with_our_vapid_key(
    make_user, push_service, subscribe_browser
):
    user = make_user()
    with push_service() as service:
        browser = subscribe_browser(user, service)
        row = one(user, channel="webpush")
        deliver(row.pk)
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    [request] = service.requests
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert request.path == "/push/device-1"
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) > 0
    assert vapid_signature_is_valid(request)
    assert vapid_public_key_of(request) == vapid_public_key()
    claims = vapid_claims(request)
    assert (claims["aud"], claims["sub"]) == (service.url, "mailto:push@example.com")
    assert row.body.encode() not in request.body  # the push service cannot read it
    assert browser.decrypt(request.body) == {"title": row.subject, "body": row.body, "url": BOOKING_CONFIRMED["url"]}


def test_an_expired_push_subscription_fails_at_once_and_is_forgotten(make_user, push_service, subscribe_browser):
    user = make_user()
    with push_service(gone={"old-phone"}) as service:
        subscribe_browser(user, service, "old-phone")
        row = one(user, channel="webpush")
        deliver(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 1)
    assert "410" in row.last_error
    assert not PushSubscription.objects.filter(user=user).exists()


def test_backoff_doubles_from_the_base_up_to_the_cap(settings):
    settings.NOTIFICATIONS_BACKOFF_BASE_SECONDS = 60
    settings.NOTIFICATIONS_BACKOFF_MAX_SECONDS = 1800
    assert [backoff_delay(n).total_seconds() for n in range(1, 8)] == [60, 120, 240, 480, 960, 1800, 1800]


def test_a_failing_channel_is_retried_until_the_last_attempt_then_failed(make_user, telegram_api, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_BACKOFF_BASE_SECONDS = 0  # every retry is due at once
    row = one(make_user(telegram_chat=42_000_003), channel="telegram")
    with telegram_api(fail_times=100) as api:
        for attempt in range(1, 4):
            deliver(row.pk)
            row.refresh_from_db()
            assert (row.status, row.attempts) == (Notification.Status.PENDING, attempt)
            assert "502" in row.last_error
        deliver(row.pk)
        row.refresh_from_db()
        assert (row.status, row.attempts, row.next_attempt_at) == (Notification.Status.FAILED, 4, None)
        assert deliver(row.pk) is None  # failed stays failed
    assert len(api.requests) == 4


def test_nothing_is_sent_twice_or_before_it_is_due(make_user):
    sent, waiting = one(make_user()), one(make_user())
    deliver(sent.pk)
    Notification.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))
    assert deliver(sent.pk) is None
    assert deliver(waiting.pk) is None
    assert deliver(10**9) is None
    assert len(mail.outbox) == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (Notification.Status.PENDING, 0)


def test_a_bug_in_a_channel_is_recorded_not_lost(make_user):
    row = one(make_user())
    Notification.objects.filter(pk=row.pk).update(channel="fax")
    deliver(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 1)
    assert row.last_error.startswith("KeyError")


def test_the_eager_task_makes_one_attempt_and_leaves_the_retry_to_the_dispatcher(make_user, telegram_api):
    row = one(make_user(telegram_chat=42_000_004), channel="telegram")
    with telegram_api(fail_times=100) as api:
        send_notification.delay(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 1)
    assert len(api.requests) == 1


def test_the_dispatcher_resends_only_messages_overdue_for_more_than_a_minute(make_user):
    lost, fresh, sent = one(make_user()), one(make_user()), one(make_user())
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    Notification.objects.filter(pk__in=[lost.pk, sent.pk]).update(next_attempt_at=long_ago)
    Notification.objects.filter(pk=sent.pk).update(status=Notification.Status.SENT)
    dispatch_due_notifications.delay()
    assert [message.to for message in mail.outbox] == [[lost.address]]
    statuses = dict(Notification.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "sent", fresh.pk: "pending", sent.pk: "sent"}


def test_retry_gives_a_failed_message_a_fresh_round(make_user, django_capture_on_commit_callbacks):
    failed, sent = one(make_user()), one(make_user())
    Notification.objects.filter(pk=failed.pk).update(status="failed", attempts=6, last_error="boom")
    Notification.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry([failed.pk, sent.pk]) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Notification.Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_forget_user_erases_what_the_outbox_keeps(make_user, push_service, subscribe_browser):
    user, other = make_user(telegram_chat=42_000_005), make_user()
    with push_service() as service:
        subscribe_browser(user, service)
    notify(user, "booking.confirmed", BOOKING_CONFIRMED)
    notify(other, "booking.confirmed", BOOKING_CONFIRMED)
    services.forget_user(user)
    assert not Notification.objects.filter(recipient=user).exists()
    assert not PushSubscription.objects.filter(user=user).exists()
    assert not hasattr(type(user).objects.get(pk=user.pk), "telegram_link")
    assert Notification.objects.filter(recipient=other).count() == 1
