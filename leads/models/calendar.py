"""A manager's calendar: tasks with due dates and reminders, and meetings (viewings) with clients."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedModel


class Task(VersionedModel):  # edited by staff in the admin: a version checked on save (core/locking.py)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("менеджер"), on_delete=models.CASCADE, related_name="sales_tasks"
    )
    lead = models.ForeignKey(
        "leads.Lead", verbose_name=_("заявка"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("задача"), max_length=255)
    due_at = models.DateTimeField(_("срок"))
    remind_at = models.DateTimeField(_("напомнить"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("выполнена"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("поставил"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("задача")
        verbose_name_plural = _("задачи")
        ordering = ("due_at",)
        indexes = [models.Index(fields=["manager", "done_at", "due_at"], name="task_manager_due_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.remind_at and self.due_at and self.remind_at > self.due_at:
            raise ValidationError({"remind_at": _("Напоминание должно прийти не позже срока задачи.")})


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Назначена")
    DONE = "done", _("Состоялась")
    NO_SHOW = "no_show", _("Клиент не пришёл")
    CANCELLED = "cancelled", _("Отменена")


class Appointment(models.Model):
    """A meeting of a manager with a lead's client, usually a viewing, in one slot of the manager's day."""

    lead = models.ForeignKey(
        "leads.Lead", verbose_name=_("заявка"), on_delete=models.CASCADE, related_name="appointments"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("менеджер"), on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("конец"))
    place = models.CharField(_("место"), max_length=255, blank=True)
    status = models.CharField(
        _("статус"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("причина отмены"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        ordering = ("starts_at",)
        indexes = [models.Index(fields=["manager", "starts_at"], name="appointment_manager_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after")
        ]

    def __str__(self):
        return _("Встреча %(when)s: %(lead)s") % {"when": f"{self.starts_at:%d.%m.%Y %H:%M}", "lead": self.lead.name}
