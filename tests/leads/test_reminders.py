"""Reminders: the client's the day before and 2 hours before, the manager's for tasks — each exactly once."""

from datetime import timedelta

import pytest
from django.conf import settings

from leads.models import Appointment, ReminderKind, Task
from leads.reminders import send_due_reminders
from leads.scheduling import book_viewing, cancel, reschedule
from leads.tasks import send_calendar_reminders
from notifications.models import Notification
from tests.leads.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(calendar_manager):
    return calendar_manager("anna@example.com")


def reminders_to(phone):
    return Notification.objects.filter(kind="appointment.reminder", address=phone)


def test_the_client_gets_the_day_before_and_the_two_hour_reminder_once_each(anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna)
    meeting = book_viewing(lead, at(monday, 12))
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=25)) == 0
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=23)) == 1
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=22)) == 0
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=1)) == 1
    assert send_due_reminders(now=meeting.starts_at - timedelta(minutes=30)) == 0
    sms = reminders_to(lead.phone)
    assert sms.count() == 2
    assert all("12:00" in message.body and "/leads/viewing/" in message.body for message in sms)  # Moscow time
    assert sorted(meeting.reminders.values_list("kind", flat=True)) == [ReminderKind.DAY_BEFORE, ReminderKind.TWO_HOURS]


def test_a_moved_meeting_is_reminded_again_and_a_cancelled_one_never(anna, viewing_lead, monday):
    lead = viewing_lead(manager=anna)
    meeting = book_viewing(lead, at(monday, 12))
    send_due_reminders(now=at(monday, 12) - timedelta(hours=23))
    reschedule(meeting, at(monday, 11), by=anna)
    assert send_due_reminders(now=at(monday, 11) - timedelta(hours=23)) == 1
    cancel(meeting, by=anna, reason="Передумал")
    assert send_due_reminders(now=at(monday, 11) - timedelta(hours=1)) == 0
    assert reminders_to(lead.phone).count() == 2


def test_a_meeting_booked_inside_a_window_skips_that_reminder(anna, viewing_lead, monday):
    meeting = book_viewing(viewing_lead(manager=anna), at(monday, 12))
    # as if booked 5 hours ahead: its confirmation stood for the day-before reminder
    Appointment.objects.filter(pk=meeting.pk).update(updated_at=meeting.starts_at - timedelta(hours=5))
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=3)) == 0
    assert send_due_reminders(now=meeting.starts_at - timedelta(hours=1)) == 1


def test_a_task_reminds_its_manager_at_remind_at_and_once_when_overdue(anna, monday):
    task = Task.objects.create(manager=anna, title="Отправить договор", due_at=at(monday, 12), remind_at=at(monday, 10))
    done = Task.objects.create(manager=anna, title="Готово", due_at=at(monday, 12), remind_at=at(monday, 10))
    done.done_at = at(monday, 9)
    done.save()
    Task.objects.create(manager=anna, title="Давняя", due_at=at(monday, 12) - timedelta(days=3))

    assert send_due_reminders(now=at(monday, 9, 59)) == 0
    assert send_due_reminders(now=at(monday, 10, 1)) == 1
    assert send_due_reminders(now=at(monday, 10, 2)) == 0
    task.refresh_from_db()
    assert task.reminded_at == at(monday, 10, 1)
    assert send_due_reminders(now=at(monday, 12, 1)) == 1
    assert send_due_reminders(now=at(monday, 13)) == 0

    reminder = Notification.objects.get(kind="task.reminder", recipient=anna, channel="email")
    assert "Отправить договор" in reminder.subject and "12:00" in reminder.body
    assert Notification.objects.filter(kind="task.overdue", recipient=anna).count() == 1
    assert not Notification.objects.filter(subject__contains="Давняя").exists()
    assert not Notification.objects.filter(subject__contains="Готово").exists()


def test_the_beat_runs_the_reminders_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["send-calendar-reminders"]
    assert entry == {"task": send_calendar_reminders.name, "schedule": 60.0}
    # .result, not .get(): get() refuses to run while another test has left a task context behind
    assert isinstance(send_calendar_reminders.apply().result, int)  # how many went out
