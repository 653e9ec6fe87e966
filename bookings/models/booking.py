import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    HOLD = "HOLD", _("Ожидает оплаты")
    CONFIRMED = "CONFIRMED", _("Подтверждено")
    CHECKED_IN = "CHECKED_IN", _("Гость заселён")
    COMPLETED = "COMPLETED", _("Завершено")
    CANCELLED = "CANCELLED", _("Отменено")
    EXPIRED = "EXPIRED", _("Холд истёк")


# The statuses that occupy the property's dates (a HOLD only until its expiry: see Booking.occupying).
OCCUPYING_STATUSES = (BookingStatus.HOLD, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class BookingQuerySet(models.QuerySet):
    def occupying(self, now=None):
        """Bookings that hold their dates now: confirmed or checked in, or a hold not yet expired.

        Every read uses this, so an expired hold frees its dates whether or not the
        periodic task has recorded it yet."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN])
            | Q(status=BookingStatus.HOLD, hold_expires_at__gt=now)
        )

    def overlapping(self, check_in, check_out):
        """Stays sharing a night with [check_in, check_out): one may start the day another ends."""
        return self.filter(check_in__lt=check_out, check_out__gt=check_in)

    def live_holds(self, now=None):
        """Holds still waiting for payment: not yet expired, whether or not the periodic task has run."""
        return self.filter(status=BookingStatus.HOLD, hold_expires_at__gt=now or timezone.now())

    def stale_holds(self, now=None):
        return self.filter(status=BookingStatus.HOLD, hold_expires_at__lte=now or timezone.now())


class Booking(models.Model):
    number = models.UUIDField(_("номер"), default=uuid.uuid4, unique=True, editable=False)
    rental = models.ForeignKey(
        "catalog.RentalPropertyPage",
        verbose_name=_("объект"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("гость"), on_delete=models.PROTECT, related_name="bookings"
    )
    check_in = models.DateField(_("заезд"))
    check_out = models.DateField(_("выезд"))
    guests_count = models.PositiveSmallIntegerField(_("гостей"), default=1)
    guest_name = models.CharField(_("имя гостя"), max_length=150)
    guest_phone = models.CharField(_("телефон гостя"), max_length=20)
    guest_email = models.EmailField(_("email гостя"), blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    nights = models.PositiveSmallIntegerField(_("ночей"))
    total = models.DecimalField(_("сумма, ₸"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("валюта"), max_length=3, default="KZT")
    promo_code = models.ForeignKey(
        "bookings.PromoCode",
        verbose_name=_("промокод"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    discount = models.DecimalField(_("скидка по промокоду, ₸"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("статус"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.HOLD)
    hold_expires_at = models.DateTimeField(_("холд до"), null=True, blank=True)
    rules_accepted_at = models.DateTimeField(_("правила приняты"))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = BookingQuerySet.as_manager()
    # A record of a stay, not content: writing its references to the property and the guest on every save (four
    # queries inside create_hold's lock) would only list bookings among a page's usages.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("бронирование")
        verbose_name_plural = _("бронирования")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(check_out__gt=F("check_in")), name="booking_checkout_after_checkin"),
            # On PostgreSQL, migration 0002 adds an EXCLUDE constraint against overlapping stays.
        ]
        indexes = [
            models.Index(fields=["rental", "check_in", "check_out"], name="booking_property_dates_idx"),
            models.Index(fields=["status", "hold_expires_at"], name="booking_status_hold_idx"),
        ]

    def __str__(self):
        return f"{self.short_number} · {self.check_in:%d.%m}–{self.check_out:%d.%m.%Y}"

    @property
    def short_number(self):
        return str(self.number)[:8].upper()

    @property
    def hold_is_live(self):
        return self.status == BookingStatus.HOLD and self.hold_expires_at > timezone.now()

    @classmethod
    def hold_deadline(cls, now=None):
        return (now or timezone.now()) + timedelta(minutes=settings.BOOKING_HOLD_MINUTES)


class BookingStatusChange(models.Model):
    """One line of a booking's status history: who moved it, when and why."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(_("был"), max_length=12, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(_("стал"), max_length=12, choices=BookingStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Пусто, если статус сменила система."),
    )
    reason = models.CharField(_("причина"), max_length=255, blank=True)
    changed_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("смена статуса")
        verbose_name_plural = _("история статусов")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"
