"""Purchases at partners and the points ledger. Only loyalty.services writes them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty.models.members import Member

__all__ = ["BalanceDiscrepancy", "LedgerEntry", "Purchase", "PurchaseRefund"]


def money(label, help_text="", **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, help_text=help_text, **kwargs)


class Purchase(models.Model):
    """One purchase at a partner, unique per (partner, external document id): recording it again changes nothing.

    Without a member it waits, by phone, for the person to join (`credit_waiting_purchases`)."""

    class Source(models.TextChoices):
        CASHIER = "cashier", _("касса")
        IMPORT = "import", _("загрузка файла")
        CONNECTOR = "connector", _("интеграция")

    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), on_delete=models.PROTECT, related_name="club_purchases"
    )
    external_id = models.CharField(
        _("номер документа"), max_length=100, help_text=_("Номер чека или документа в системе партнёра.")
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("участница"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    phone = models.CharField(
        _("телефон покупателя"), max_length=20, blank=True, help_text=_("E.164; по нему покупка найдёт участницу.")
    )
    amount = money(_("сумма, ₽"), _("Сумма покупки до скидок и баллов."))
    discount = money(_("скидка по купону, ₽"), default=Decimal(0))
    points_spent = money(_("оплачено баллами"), default=Decimal(0))
    category = models.ForeignKey(
        "catalog.BusinessCategory", verbose_name=_("категория"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(
        _("что куплено"),
        max_length=255,
        blank=True,
        help_text=_("Не хранится для медицинских партнёров (врачебная тайна)."),
    )
    source = models.CharField(_("источник"), max_length=20, choices=Source.choices)
    purchased_at = models.DateTimeField(_("дата покупки"))
    created_at = models.DateTimeField(_("записана"), auto_now_add=True)
    credited_at = models.DateTimeField(_("баллы начислены"), null=True, blank=True)
    refunded_at = models.DateTimeField(
        _("возврат"), null=True, blank=True, help_text=_("Когда покупку вернули целиком.")
    )
    refunded_amount = money(_("возвращено, ₽"), _("Сумма всех возвратов по покупке."), default=Decimal(0))
    refunded_turnover = money(
        _("возвращено из оборота, ₽"), _("Та же доля оборота для статусов (сумма без скидки)."), default=Decimal(0)
    )

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("покупка")
        verbose_name_plural = _("покупки")
        ordering = ["-purchased_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "external_id"], name="purchase_unique_per_partner"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="purchase_amount_positive"),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(points_spent__gte=0), name="purchase_deductions_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("amount")),
                name="purchase_refunded_within_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["phone"], condition=Q(member__isnull=True), name="purchase_waiting_idx"),
            # analytics (loyalty.services.analytics): a partner's purchases by date, a member's history by date
            models.Index(fields=["partner", "purchased_at"], name="purchase_partner_date_idx"),
            models.Index(fields=["member", "purchased_at"], name="purchase_member_date_idx"),
            # the club's purchases of the periods the overview counts live (this month): an index-only scan
            models.Index(
                fields=["purchased_at"],
                include=["member", "amount", "refunded_amount", "points_spent"],
                condition=Q(member__isnull=False, refunded_at__isnull=True),
                name="purchase_counted_date_idx",
            ),
        ]

    def __str__(self):
        return f"{self.partner} № {self.external_id}"

    @property
    def turnover(self):
        """What counts towards tiers: the purchase less the coupon's discount (points are club money)."""
        return self.amount - self.discount

    @property
    def paid(self):
        """What was paid in money, on which points are earned."""
        return self.amount - self.discount - self.points_spent

    @property
    def refundable(self):
        """What may still be refunded."""
        return self.amount - self.refunded_amount


class PurchaseRefund(models.Model):
    """One refund of (a part of) a purchase. `external_id`: the refund's number in the partner's system, when it
    came from a connector or a file; the same number again changes nothing."""

    purchase = models.ForeignKey(Purchase, verbose_name=_("покупка"), on_delete=models.PROTECT, related_name="refunds")
    external_id = models.CharField(_("номер возврата"), max_length=100, blank=True)
    amount = money(_("сумма возврата, ₽"))
    created_at = models.DateTimeField(_("когда"))

    class Meta:
        verbose_name = _("возврат покупки")
        verbose_name_plural = _("возвраты покупок")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase", "external_id"], condition=~Q(external_id=""), name="purchase_refund_unique_id"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="purchase_refund_amount_positive"),
        ]

    def __str__(self):
        return f"{self.purchase}: −{self.amount}"


class LedgerEntry(models.Model):
    """One line of a member's points (append-only: the amount, kind and links never change).

    `amount` is signed. A line counts in the member's pending balance while `pending`, in the available one
    after. Credit lines (earn, bonus, restored spend, positive adjustment) also keep `remaining`: what of them
    is not spent, expired or reversed yet, so spending and expiry take the oldest points first."""

    class Kind(models.TextChoices):
        EARN = "earn", _("начисление за покупку")
        BONUS = "bonus", _("бонус по купону")
        SPEND = "spend", _("оплата баллами")
        EXPIRE = "expire", _("сгорание")
        REVERSAL = "reversal", _("отмена при возврате")
        ADJUSTMENT = "adjustment", _("корректировка")
        CHAIN = "chain", _("награда за шаг цепочки")
        REFERRAL = "referral", _("награда за приглашение")

    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    amount = money(_("баллы"))
    pending = models.BooleanField(_("ожидает"), default=False)
    purchase = models.ForeignKey(
        Purchase, verbose_name=_("покупка"), null=True, blank=True, on_delete=models.PROTECT, related_name="ledger"
    )
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("отменяет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
    )
    remaining = money(_("не израсходовано"), default=Decimal(0), editable=False)
    available_at = models.DateTimeField(_("доступны с"), null=True, blank=True)
    expires_at = models.DateTimeField(_("сгорают"), null=True, blank=True)
    released_at = models.DateTimeField(_("стали доступны"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("напоминание о сгорании"), null=True, blank=True, editable=False)
    note = models.CharField(_("комментарий"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("когда"))

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("строка баллов")
        verbose_name_plural = _("история баллов")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & (Q(remaining__lte=models.F("amount")) | Q(remaining=0)),
                name="ledger_remaining_within_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "pending", "expires_at"], name="ledger_lots_idx"),
            models.Index(fields=["pending", "available_at"], name="ledger_release_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class BalanceDiscrepancy(models.Model):
    """The nightly check found a stored balance that differs from the ledger's sum (loyalty.services.verify)."""

    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="balance_discrepancies"
    )
    stored_available = money(_("записано доступно"))
    ledger_available = money(_("по истории доступно"))
    stored_pending = money(_("записано ожидает"))
    ledger_pending = money(_("по истории ожидает"))
    found_at = models.DateTimeField(_("найдено"))

    class Meta:
        verbose_name = _("расхождение баланса")
        verbose_name_plural = _("расхождения балансов")
        ordering = ["-found_at", "-pk"]

    def __str__(self):
        return f"{self.member}: {self.stored_available} ≠ {self.ledger_available}"
