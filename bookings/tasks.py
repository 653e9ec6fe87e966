"""Periodic booking work (Celery beat, every minute). Nothing correct depends on it running
on time: every read already treats an expired hold as expired; these tasks record it and
send the messages."""

from datetime import datetime, time, timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.lifecycle import booking_zone
from bookings.models import Booking, BookingReminder, BookingStatus, ReminderKind
from bookings.notify import send_booking_notice
from bookings.payments import services as payments
from bookings.payments.services import retry_due_refunds
from bookings.status import TransitionNotAllowed, transition

CHECKIN_DAY_FROM_HOUR = 8  # the check-in day message goes out from 8:00 local time
REMINDER_KINDS = {
    ReminderKind.CHECKIN_TOMORROW: "booking.reminder_checkin",
    ReminderKind.CHECKIN_TODAY: "booking.reminder_checkin",
    ReminderKind.CHECKOUT_TOMORROW: "booking.reminder_checkout",
}


@shared_task
def record_expired_holds():
    expired = 0
    for booking in Booking.objects.stale_holds().only("pk", "status"):
        try:
            with transaction.atomic():
                transition(booking, BookingStatus.EXPIRED, reason=_("Оплата не поступила вовремя"))
                send_booking_notice(booking, "booking.hold_expired")
                expired += 1
        except TransitionNotAllowed:
            pass  # paid or cancelled a moment ago: nothing to record
    return expired


def _local(day, time_of_day):
    """A moment at the property: check-in and check-out times are in BOOKING_TIME_ZONE (Astana)."""
    return datetime.combine(day, time_of_day, tzinfo=booking_zone())


def due_reminders(now=None):
    """(booking, kind) pairs whose moment has come and that were not sent yet."""
    now = now or timezone.now()
    today = timezone.localdate(now, booking_zone())
    candidates = (
        Booking.objects.filter(
            status__in=[BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN],
            check_in__lte=today + timedelta(days=1),
            check_out__gte=today,
        )
        .select_related("rental")
        .prefetch_related("reminders")
    )
    for booking in candidates:
        sent = {reminder.kind for reminder in booking.reminders.all()}
        check_in_at = _local(booking.check_in, booking.rental.check_in_time)
        check_out_at = _local(booking.check_out, booking.rental.check_out_time)
        due = []
        if booking.status == BookingStatus.CONFIRMED:
            if check_in_at - timedelta(hours=24) <= now < check_in_at:
                due.append(ReminderKind.CHECKIN_TOMORROW)
            if booking.check_in == today and now >= _local(today, time(CHECKIN_DAY_FROM_HOUR)):
                due.append(ReminderKind.CHECKIN_TODAY)
        if check_out_at - timedelta(hours=24) <= now < check_out_at:
            due.append(ReminderKind.CHECKOUT_TOMORROW)
        yield from ((booking, kind) for kind in due if kind not in sent)


@shared_task
def send_booking_reminders(now=None):
    sent = 0
    for booking, kind in due_reminders(now):
        try:
            with transaction.atomic():
                BookingReminder.objects.create(booking=booking, kind=kind)
                send_booking_notice(booking, REMINDER_KINDS[kind])
                sent += 1
        except IntegrityError:
            pass  # another worker sent it first
    return sent


@shared_task
def retry_failed_refunds():
    return retry_due_refunds()


@shared_task
def poll_open_payments():
    """Kaspi's remote payments are settled by asking for their status (webhooks are not relied on)."""
    return payments.poll_open_payments()
