from django.db import models
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking


class ReminderKind(models.TextChoices):
    CHECKIN_TOMORROW = "checkin_24h", _("За сутки до заезда")
    CHECKIN_TODAY = "checkin_day", _("В день заезда")
    CHECKOUT_TOMORROW = "checkout_24h", _("За сутки до выезда")


class BookingReminder(models.Model):
    """A reminder that went out, so the every-minute task never sends it twice."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("напоминание"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("напоминание")
        verbose_name_plural = _("напоминания")
        constraints = [models.UniqueConstraint(fields=["booking", "kind"], name="one_reminder_of_a_kind")]

    def __str__(self):
        return f"{self.booking} · {self.get_kind_display()}"
