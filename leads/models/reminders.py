"""What the calendar already sent and the managers' calendar feeds.

A reminder row is written in the same transaction as its outbox message, and is unique per
(meeting or task, kind, moment): the every-minute task never sends one twice, and a meeting moved
to another time gets its reminders again."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AppointmentReminder", "CalendarFeed", "ReminderKind", "TaskReminder"]


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", _("За сутки до встречи")
    TWO_HOURS = "two_hours", _("За 2 часа до встречи")
    TASK_REMIND = "task_remind", _("Напоминание о задаче")
    TASK_OVERDUE = "task_overdue", _("Задача просрочена")


class AppointmentReminder(models.Model):
    appointment = models.ForeignKey(
        "leads.Appointment", verbose_name=_("встреча"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("напоминание"), max_length=16, choices=ReminderKind.choices)
    # The meeting's start it was sent for: after a reschedule the reminders go out again.
    moment = models.DateTimeField(_("время встречи"))
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("напоминание о встрече")
        verbose_name_plural = _("напоминания о встречах")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "kind", "moment"], name="one_appointment_reminder")
        ]

    def __str__(self):
        return f"{self.appointment_id} · {self.get_kind_display()}"


class TaskReminder(models.Model):
    task = models.ForeignKey("leads.Task", verbose_name=_("задача"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("напоминание"), max_length=16, choices=ReminderKind.choices)
    # remind_at or due_at as it was when sent: moving the task re-arms its reminder.
    moment = models.DateTimeField(_("момент"))
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("напоминание о задаче")
        verbose_name_plural = _("напоминания о задачах")
        constraints = [models.UniqueConstraint(fields=["task", "kind", "moment"], name="one_task_reminder")]

    def __str__(self):
        return f"{self.task_id} · {self.get_kind_display()}"


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A manager's secret .ics address; whoever has the token reads the calendar, so it can be regenerated."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("сотрудник"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("ключ"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("создан"), auto_now=True)

    class Meta:
        verbose_name = _("календарь (.ics)")
        verbose_name_plural = _("календари (.ics)")

    def __str__(self):
        return str(self.user)
