"""Members' registrations for club events (catalog.EventPage) and their ratings afterwards.

A registration holds a seat while it is `registered`, `offered` (a freed seat offered to the next on the waiting
list, until `offer_expires_at`) or `payment_due` (a paid event's seat, kept until `offer_expires_at` for paying);
`waiting` ones queue in the order they came (`pk`). Only loyalty.services.events writes these rows, under a lock on
the event's row."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty.models.members import Member

__all__ = ["EventFeedback", "EventRegistration"]


class EventRegistration(models.Model):
    wagtail_reference_index_ignore = True  # a record written per purchase, vote or sign-up, not content

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Записана")
        WAITING = "waiting", _("В листе ожидания")
        OFFERED = "offered", _("Освободилось место — ждём подтверждения")
        PAYMENT_DUE = "payment_due", _("Место за вами — ждём оплату")
        CANCELLED = "cancelled", _("Отменила запись")
        EXPIRED = "expired", _("Не подтвердила место вовремя")
        EVENT_CANCELLED = "event_cancelled", _("Мероприятие отменено")

    HOLDS_SEAT = (Status.REGISTERED, Status.OFFERED, Status.PAYMENT_DUE)
    ACTIVE = (Status.REGISTERED, Status.OFFERED, Status.PAYMENT_DUE, Status.WAITING)
    # Offers and unpaid seats wait until `offer_expires_at`, then pass on.
    TIMED = (Status.OFFERED, Status.PAYMENT_DUE)

    event = models.ForeignKey(
        "catalog.EventPage", verbose_name=_("мероприятие"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("записалась"))
    confirmed_at = models.DateTimeField(_("место получено"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("подтвердить до"), null=True, blank=True, help_text=_("Освободившееся место ждёт участницу до этого времени.")
    )
    cancelled_at = models.DateTimeField(_("отменена"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("пришла"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("отметил вход"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_day_at = models.DateTimeField(_("напоминание за день"), null=True, blank=True)
    reminded_hours_at = models.DateTimeField(_("напоминание за два часа"), null=True, blank=True)
    feedback_asked_at = models.DateTimeField(_("просьба об оценке"), null=True, blank=True)

    class Meta:
        verbose_name = _("запись на мероприятие")
        verbose_name_plural = _("записи на мероприятия")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=Q(status__in=["registered", "offered", "payment_due", "waiting"]),
                name="event_registration_one_active",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="event_registration_status_idx")]

    def __str__(self):
        return f"{self.member} — {self.event_id} ({self.get_status_display()})"

    @property
    def holds_seat(self):
        return self.status in self.HOLDS_SEAT

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class EventFeedback(models.Model):
    """An attendee's rating (1–5) and comment after the event; one per registration, changeable."""

    wagtail_reference_index_ignore = True  # a record written per purchase, vote or sign-up, not content

    registration = models.OneToOneField(
        EventRegistration, verbose_name=_("запись"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("оценка"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("От 1 до 5.")
    )
    comment = models.TextField(_("комментарий"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("оставлена"))

    class Meta:
        verbose_name = _("оценка мероприятия")
        verbose_name_plural = _("оценки мероприятий")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="event_feedback_rating_1_5"),
        ]

    def __str__(self):
        return f"{self.rating}/5"
