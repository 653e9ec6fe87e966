"""Money for a booking: payments, the provider events that settle them, and refunds.

Only `bookings.payments.services` and `bookings.lifecycle` write these rows.

Who gets what, for a paid amount A with R of it refunded:
- the platform's commission is PAYMENT_PLATFORM_COMMISSION_PERCENT (10%) of what was kept, A - R;
- the provider's fee is PAYMENT_PROVIDER_FEE_PERCENT (2.5%) of A, the whole transaction: the provider
  keeps it on a refund, and the platform bears it (seed 003: «Риелтор получает: стоимость - комиссия
  платформы»), so the realtor's payout is A - R - commission and the platform nets commission - fee.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking

__all__ = ["Payment", "PaymentEvent", "PaymentStatus", "Refund", "RefundStatus"]


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Ожидает оплаты")
    PAID = "paid", _("Оплачен")
    FAILED = "failed", _("Не прошёл")
    REFUNDED = "refunded", _("Возвращён")
    PARTIALLY_REFUNDED = "partially_refunded", _("Возвращён частично")


class Payment(models.Model):
    """One attempt to pay for a booking; a retry after a failure is a new Payment."""

    reference = models.UUIDField(
        _("номер платежа"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Наш номер заказа у платёжной системы."),
    )
    booking = models.ForeignKey(
        Booking, verbose_name=_("бронирование"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("платёжная система"), max_length=20)
    provider_payment_id = models.CharField(_("номер у платёжной системы"), max_length=100, blank=True)
    redirect_url = models.CharField(_("ссылка на оплату"), max_length=500, blank=True)
    qr_url = models.CharField(_("ссылка на QR-код"), max_length=500, blank=True)
    amount = models.DecimalField(_("сумма"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("валюта"), max_length=3, default="KZT")
    status = models.CharField(_("статус"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    commission = models.DecimalField(
        _("комиссия платформы"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Доля платформы от оставшейся у нас суммы (за вычетом возвратов)."),
    )
    provider_fee = models.DecimalField(
        _("комиссия платёжной системы"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Удерживается с суммы платежа и при возврате не возвращается; её несёт платформа."),
    )
    refunded_amount = models.DecimalField(_("возвращено"), max_digits=12, decimal_places=2, default=0)
    failure_reason = models.CharField(_("причина отказа"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    paid_at = models.DateTimeField(_("оплачен"), null=True, blank=True)

    class Meta:
        verbose_name = _("платёж")
        verbose_name_plural = _("платежи")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"],
                condition=~Q(provider_payment_id=""),
                name="payment_provider_id_once",
            ),
        ]

    def __str__(self):
        return f"{self.booking.short_number} · {self.amount} {self.currency}"

    @property
    def kept_amount(self):
        return self.amount - self.refunded_amount

    # What a payment provider asks of the payment it opens (integrations/payments/base.py).
    @property
    def payer_phone(self):
        return self.booking.guest_phone

    @property
    def description(self):
        return f"ЖильеGO, бронирование {self.booking.short_number}"

    @property
    def expires_at(self):
        return self.booking.hold_expires_at

    def sandbox_url(self, provider_payment_id):
        return reverse("bookings:sandbox_payment", args=[provider_payment_id])

    @property
    def realtor_payout(self):
        return self.kept_amount - self.commission

    @property
    def platform_income(self):
        return self.commission - self.provider_fee


class PaymentEvent(models.Model):
    """A webhook from a payment provider, stored once per event id, so a replay changes nothing.

    A webhook we refused (bad signature, malformed body) is kept too, for staff, without an event id:
    its payload says why and holds a cut-down, cleaned copy of what came."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Бронирование подтверждено")
        FAILED = "failed", _("Оплата не прошла")
        REFUNDED = "refunded", _("Оплата возвращается: бронирование её уже не принимает")
        MISMATCH = "mismatch", _("Сумма или валюта не совпадает с платежом")
        UNKNOWN_PAYMENT = "unknown_payment", _("Платёж не найден")
        ALREADY_SETTLED = "already_settled", _("Платёж уже обработан")
        IGNORED = "ignored", _("Событие не требует действий")
        REFUSED = "refused", _("Отклонено: подпись или содержимое не годятся")

    provider = models.CharField(_("платёжная система"), max_length=20)
    event_id = models.CharField(_("номер события"), max_length=100)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("платёж"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("тип"), max_length=50)
    payload = models.JSONField(_("содержимое"))
    outcome = models.CharField(_("результат"), max_length=20, choices=Outcome.choices)
    received_at = models.DateTimeField(_("получено"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие платёжной системы")
        verbose_name_plural = _("события платёжных систем")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], condition=~Q(event_id=""), name="payment_event_once"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Отправляется")
    SUCCEEDED = "succeeded", _("Выполнен")
    FAILED = "failed", _("Ошибка")


class Refund(models.Model):
    """Money going back to the guest. Written first, then sent to the provider after the commit."""

    reference = models.UUIDField(
        _("номер возврата"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Ключ идемпотентности у платёжной системы: повтор не вернёт деньги дважды."),
    )
    payment = models.ForeignKey(Payment, verbose_name=_("платёж"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("сумма"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("причина"), max_length=255)
    status = models.CharField(_("статус"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    provider_refund_id = models.CharField(_("номер у платёжной системы"), max_length=100, blank=True)
    error = models.CharField(_("ошибка"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Пусто, если возврат начала система."),
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0, editable=False)
    next_retry_at = models.DateTimeField(
        _("следующая попытка"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Когда система попробует снова; пусто, если попытки кончились и нужен сотрудник."),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    completed_at = models.DateTimeField(_("выполнен"), null=True, blank=True)

    class Meta:
        verbose_name = _("возврат")
        verbose_name_plural = _("возвраты")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]
        indexes = [models.Index(fields=["status", "next_retry_at"], name="refund_retry_idx")]

    def __str__(self):
        return f"{self.payment.booking.short_number} · {self.amount} {self.payment.currency}"
