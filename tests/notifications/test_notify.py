"""notify(): the channels come from the user's preferences and addresses; the rows belong to the
caller's transaction and are handed to Celery only after it commits."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification, NotificationPreference
from notifications.services import notify, notify_address
from tests.notifications.samples import BOOKING_CONFIRMED

pytestmark = pytest.mark.django_db


def channels_of(rows):
    return sorted(row.channel for row in rows)


def test_email_only_by_default_for_a_user_with_just_an_email(make_user):
    user = make_user(phone="+77011234567", phone_verified=False)
    rows = notify(user, "booking.reminder_checkin", BOOKING_CONFIRMED)
    assert channels_of(rows) == ["email"]  # an unverified phone gets no SMS
    assert rows[0].address == user.email
    assert rows[0].status == Notification.Status.PENDING and rows[0].attempts == 0


def test_defaults_add_the_channels_a_user_can_be_reached_on(make_user, subscribe_browser, push_service):
    user = make_user(phone="+77011234567", phone_verified=True, telegram_chat=555001)
    with push_service() as service:
        subscribe_browser(user, service, "phone")
        subscribe_browser(user, service, "laptop")
    rows = notify(user, "booking.reminder_checkin", BOOKING_CONFIRMED)
    assert channels_of(rows) == ["email", "sms", "telegram", "webpush", "webpush"]  # one row per browser
    by_channel = {row.channel: row.address for row in rows}
    assert by_channel["sms"] == "+77011234567"
    assert by_channel["telegram"] == "555001"
    # booking.confirmed does not use SMS unless the user asks for it
    assert "sms" not in channels_of(notify(user, "booking.confirmed", BOOKING_CONFIRMED))


def test_the_users_choices_override_the_defaults(make_user):
    user = make_user(phone="+77011234567", phone_verified=True, telegram_chat=555002)
    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="email", enabled=False)
    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="sms", enabled=True)
    assert channels_of(notify(user, "booking.confirmed", BOOKING_CONFIRMED)) == ["sms", "telegram"]


def test_a_choice_for_a_channel_without_address_sends_nothing_there(make_user):
    user = make_user()
    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="telegram", enabled=True)
    assert channels_of(notify(user, "booking.confirmed", BOOKING_CONFIRMED)) == ["email"]


def test_explicit_channels_are_used_as_given_where_the_user_has_an_address(make_user):
    user = make_user(telegram_chat=555003)
    NotificationPreference.objects.create(user=user, kind="booking.confirmed", channel="email", enabled=False)
    rows = notify(user, "booking.confirmed", BOOKING_CONFIRMED, channels=["email", "sms"])
    assert channels_of(rows) == ["email"]


def test_unknown_kind_or_channel_is_an_error(make_user):
    user = make_user()
    with pytest.raises(LookupError):
        notify(user, "booking.nonexistent", BOOKING_CONFIRMED)
    with pytest.raises(ValueError, match="pigeon"):
        notify(user, "booking.confirmed", BOOKING_CONFIRMED, channels=["pigeon"])
    assert not Notification.objects.exists()


def test_missing_context_is_an_error_even_when_nobody_is_reachable(make_user):
    user = make_user(is_active=False)
    with pytest.raises(ValueError, match="check_out"):
        notify(user, "booking.confirmed", {"number": "1", "property": "x", "url": "/", "check_in": None})
    assert notify(user, "booking.confirmed", BOOKING_CONFIRMED) == []


def test_the_message_is_rendered_in_the_users_language(make_user):
    english, kazakh = make_user(language="en"), make_user(language="kk")
    [en] = notify(english, "booking.confirmed", BOOKING_CONFIRMED)
    [kk] = notify(kazakh, "booking.confirmed", BOOKING_CONFIRMED)
    assert (en.language, kk.language) == ("en", "kk")
    assert en.subject == "Booking ZH-7 confirmed"
    assert kk.subject != en.subject and "ZH-7" in kk.subject
    assert en.link == BOOKING_CONFIRMED["url"]


def test_rollback_leaves_no_row_and_sends_nothing(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user, "booking.confirmed", BOOKING_CONFIRMED)
        raise RuntimeError("the booking failed after all")
    assert not Notification.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_commit_hands_the_message_to_celery_which_sends_it(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        [row] = notify(user, "booking.confirmed", BOOKING_CONFIRMED)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == "Бронирование ZH-7 подтверждено"
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_a_message_to_a_bare_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify_address("email", "guest@example.com", "booking.hold_expired", BOOKING_CONFIRMED, language="en")
    row.refresh_from_db()
    assert row.recipient is None and row.status == Notification.Status.SENT
    assert mail.outbox[0].to == ["guest@example.com"]
    assert mail.outbox[0].subject == "Booking ZH-7 released"
