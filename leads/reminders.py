"""Reminders of the calendar: the client's the day before and 2 hours before a meeting, the manager's
at a task's «напомнить» moment and when it becomes overdue.

Each one goes out once: its row (unique per meeting or task, kind and moment) is written in the
transaction that writes the outbox message; a second worker's insert fails and sends nothing. A
meeting booked or moved inside a reminder's window skips it (its confirmation has just said it)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from leads import meeting_notices
from leads.models import Appointment, AppointmentReminder, AppointmentStatus, ReminderKind, Task, TaskReminder

DAY_BEFORE = timedelta(hours=24)
TWO_HOURS = timedelta(hours=2)
# An overdue task older than this when first seen (the beat was down, the task was imported) is not announced.
OVERDUE_LOOKBACK = timedelta(days=1)


def due_meeting_reminders(now):
    """(appointment, kind) pairs whose moment has come and that were not sent yet."""
    meetings = (
        Appointment.objects.filter(
            status=AppointmentStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + DAY_BEFORE
        )
        .select_related("lead__site", "lead__user")
        .prefetch_related("reminders")
    )
    for meeting in meetings:
        kind, window = (
            (ReminderKind.TWO_HOURS, TWO_HOURS)
            if meeting.starts_at - now <= TWO_HOURS
            else (ReminderKind.DAY_BEFORE, DAY_BEFORE)
        )
        if meeting.updated_at > meeting.starts_at - window:
            continue
        if (kind, meeting.starts_at) not in {(r.kind, r.moment) for r in meeting.reminders.all()}:
            yield meeting, kind


def due_task_reminders(now):
    open_tasks = Task.objects.filter(done_at__isnull=True).select_related("manager").prefetch_related("reminders")
    for task in open_tasks.filter(remind_at__lte=now, due_at__gt=now):
        if not _sent(task, ReminderKind.TASK_REMIND, task.remind_at):
            yield task, ReminderKind.TASK_REMIND, task.remind_at
    for task in open_tasks.filter(due_at__lte=now, due_at__gt=now - OVERDUE_LOOKBACK):
        if not _sent(task, ReminderKind.TASK_OVERDUE, task.due_at):
            yield task, ReminderKind.TASK_OVERDUE, task.due_at


def _sent(task, kind, moment):
    return any(r.kind == kind and r.moment == moment for r in task.reminders.all())


def send_due_reminders(now=None):
    """Send every reminder whose moment has come; returns how many went out."""
    now = now or timezone.now()
    sent = 0
    for meeting, kind in list(due_meeting_reminders(now)):
        try:
            with transaction.atomic():
                AppointmentReminder.objects.create(appointment=meeting, kind=kind, moment=meeting.starts_at)
                meeting_notices.client_reminder(meeting)
                sent += 1
        except IntegrityError:
            pass  # another worker sent it first
    for task, kind, moment in list(due_task_reminders(now)):
        try:
            with transaction.atomic():
                TaskReminder.objects.create(task=task, kind=kind, moment=moment)
                if kind == ReminderKind.TASK_REMIND:
                    Task.objects.filter(pk=task.pk).update(reminded_at=now)
                meeting_notices.task_reminder(
                    task, "task.reminder" if kind == ReminderKind.TASK_REMIND else "task.overdue"
                )
                sent += 1
        except IntegrityError:
            pass
    return sent
