"""Money for paid club events: a payment per attempt to pay for a seat, the provider's events that settle it, and
refunds. Only loyalty.services.event_payments writes these rows.

Providers (sandbox, Kaspi) are the ones bookings use (integrations/payments); a payment keeps its provider's name,
so its webhooks and refunds go back to the same one."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loyalty.models.events import EventRegistration

__all__ = ["EventPayment", "EventPaymentEvent", "EventRefund"]


class EventPayment(models.Model):
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CREATED = "created", _("Ожидает оплаты")
        PAID = "paid", _("Оплачен")
        FAILED = "failed", _("Не прошёл")
        REFUNDED = "refunded", _("Возвращён")

    reference = models.UUIDField(_("номер заказа"), default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        EventRegistration, verbose_name=_("запись"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("платёжная система"), max_length=20)
    provider_payment_id = models.CharField(_("номер у платёжной системы"), max_length=100, blank=True)
    redirect_url = models.CharField(_("ссылка на оплату"), max_length=500, blank=True)
    amount = models.DecimalField(_("сумма"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("валюта"), max_length=3)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.CREATED)
    failure_reason = models.CharField(_("причина отказа"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    paid_at = models.DateTimeField(_("оплачен"), null=True, blank=True)

    class Meta:
        verbose_name = _("оплата мероприятия")
        verbose_name_plural = _("оплаты мероприятий")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"],
                condition=~models.Q(provider_payment_id=""),
                name="event_payment_provider_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} · {self.amount} {self.currency} ({self.get_status_display()})"

    # What a payment provider asks of the payment it opens (integrations/payments/base.py).
    @property
    def payer_phone(self):
        return self.registration.member.phone

    @property
    def description(self):
        return f"«Свой Круг», {self.registration.event.title}"[:200]

    @property
    def expires_at(self):
        return self.registration.offer_expires_at

    def sandbox_url(self, provider_payment_id):
        return reverse("loyalty:event_sandbox_payment", args=[provider_payment_id])


class EventPaymentEvent(models.Model):
    """A provider's webhook or status answer, kept once per (provider, event id): a replay changes nothing."""

    wagtail_reference_index_ignore = True

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    payment = models.ForeignKey(EventPayment, on_delete=models.CASCADE, related_name="events", null=True)
    type = models.CharField(max_length=50)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="event_payment_event_once"),
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id}"


class EventRefund(models.Model):
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Отправлен")
        DONE = "done", _("Выполнен")
        FAILED = "failed", _("Не прошёл")

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.OneToOneField(EventPayment, on_delete=models.PROTECT, related_name="refund")
    amount = models.DecimalField(_("сумма"), max_digits=10, decimal_places=2)
    reason = models.CharField(_("причина"), max_length=200)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    provider_refund_id = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_retry_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("возврат за мероприятие")
        verbose_name_plural = _("возвраты за мероприятия")

    def __str__(self):
        return f"{self.amount} ({self.get_status_display()})"
