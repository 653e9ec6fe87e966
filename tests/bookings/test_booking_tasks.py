"""The every-minute tasks: expired holds are recorded once, reminders go out once, at their moment."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from bookings.lifecycle import booking_zone
from bookings.models import Booking, BookingReminder, BookingStatus, ReminderKind
from bookings.services import create_hold
from bookings.status import transition
from bookings.tasks import due_reminders, record_expired_holds, send_booking_reminders
from notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def booking(rental, guest, details, future):
    return create_hold(rental_id=rental.pk, guest=guest, check_in=future(0), check_out=future(2), details=details)


def test_expired_holds_are_recorded_once(booking):
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    assert record_expired_holds() == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.EXPIRED
    assert record_expired_holds() == 0
    assert booking.status_history.filter(to_status=BookingStatus.EXPIRED).count() == 1
    notice = Notification.objects.get(recipient=booking.guest, kind="booking.hold_expired")
    assert booking.short_number in notice.subject and notice.channel == "email"


def test_a_live_hold_is_left_alone(booking):
    assert record_expired_holds() == 0
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HOLD


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=booking_zone())


def test_reminders_fall_due_at_their_moments(booking, rental):
    transition(booking, BookingStatus.CONFIRMED)
    check_in_at = at(booking.check_in, rental.check_in_time.hour)
    kinds = lambda now: {kind for _, kind in due_reminders(now)}  # noqa: E731
    assert kinds(check_in_at - timedelta(hours=25)) == set()
    assert kinds(check_in_at - timedelta(hours=23)) == {ReminderKind.CHECKIN_TOMORROW}
    assert ReminderKind.CHECKIN_TODAY in kinds(at(booking.check_in, 9))
    check_out_at = at(booking.check_out, rental.check_out_time.hour)
    assert ReminderKind.CHECKOUT_TOMORROW in kinds(check_out_at - timedelta(hours=2))


def test_each_reminder_is_sent_once(booking, rental):
    transition(booking, BookingStatus.CONFIRMED)
    now = at(booking.check_in, rental.check_in_time.hour) - timedelta(hours=1)
    assert send_booking_reminders(now) == 2  # the day before is still within 24 h, and it is the day
    assert set(BookingReminder.objects.filter(booking=booking).values_list("kind", flat=True)) == {
        ReminderKind.CHECKIN_TOMORROW,
        ReminderKind.CHECKIN_TODAY,
    }
    assert send_booking_reminders(now) == 0


def test_cancelled_bookings_get_no_reminders(booking):
    transition(booking, BookingStatus.CANCELLED)
    Booking.objects.filter(pk=booking.pk).update(
        check_in=timezone.localdate(), check_out=timezone.localdate() + timedelta(days=1)
    )
    assert list(due_reminders(at(timezone.localdate(), 10))) == []
