"""What a night costs and when a property cannot be booked: the price calendar, promo codes, blocked dates.

The rules that use these live in bookings.pricing (the total) and bookings.availability (the busy nights)."""

from decimal import Decimal
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.locking import VersionedModel

__all__ = ["BlockReason", "BlockedPeriod", "DiscountKind", "PriceOverride", "PromoCode", "RentalPricing"]

# Nights that start on these weekdays (Monday is 0) cost the weekend price: Friday and Saturday nights.
WEEKEND_NIGHTS = frozenset({4, 5})
WEEK_NIGHTS = 7
MONTH_NIGHTS = 30

percent_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("90"))]


class RentalPricing(VersionedModel):
    """A property's price rules beyond its nightly price: the weekend price and long-stay discounts. A realtor and
    the agency admin may both edit them: the version refuses the second of two edits opened together."""

    rental = models.OneToOneField(
        "catalog.RentalPropertyPage",
        verbose_name=_("объект"),
        on_delete=models.CASCADE,
        related_name="pricing",
        help_text=_("Объект, к которому относятся эти правила."),
    )
    weekend_price = models.DecimalField(
        _("цена в выходные, ₸"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1000"))],
        help_text=_("Цена ночи с пятницы на субботу и с субботы на воскресенье. Пусто — обычная цена."),
    )
    week_discount_percent = models.DecimalField(
        _("скидка от 7 ночей, %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=percent_validators,
        help_text=_("Скидка на всё проживание от 7 ночей, например 10."),
    )
    month_discount_percent = models.DecimalField(
        _("скидка от 30 ночей, %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=percent_validators,
        help_text=_("Скидка на всё проживание от 30 ночей; заменяет скидку от 7 ночей."),
    )

    panels: ClassVar[list] = [
        FieldPanel("rental", widget=forms.Select),
        FieldPanel("weekend_price"),
        FieldRowPanel([FieldPanel("week_discount_percent"), FieldPanel("month_discount_percent")]),
    ]

    class Meta:
        verbose_name = _("цены объекта")
        verbose_name_plural = _("цены объектов")

    def __str__(self):
        return str(self.rental)

    def long_stay_percent(self, nights):
        """The discount for a stay of this many nights, in percent (0 when there is none)."""
        if nights >= MONTH_NIGHTS and self.month_discount_percent:
            return self.month_discount_percent
        if nights >= WEEK_NIGHTS:
            return self.week_discount_percent
        return Decimal("0")


class PriceOverride(models.Model):
    """The price of one night of one property, instead of its usual price (holidays, events, low season)."""

    rental = models.ForeignKey(
        "catalog.RentalPropertyPage",
        verbose_name=_("объект"),
        on_delete=models.CASCADE,
        related_name="price_overrides",
        help_text=_("Объект, для которого меняется цена."),
    )
    date = models.DateField(_("ночь с"), help_text=_("Дата заезда этой ночи: ночь с этого дня на следующий."))
    price = models.DecimalField(
        _("цена, ₸"),
        max_digits=10,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1000"))],
        help_text=_("Цена этой ночи в тенге. Заменяет и обычную цену, и цену выходного дня."),
    )

    panels: ClassVar[list] = [
        FieldPanel("rental", widget=forms.Select),
        FieldRowPanel([FieldPanel("date"), FieldPanel("price")]),
    ]

    class Meta:
        verbose_name = _("цена на дату")
        verbose_name_plural = _("цены на даты")
        ordering: ClassVar[list] = ["rental", "date"]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["rental", "date"], name="price_override_one_per_night"),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.price} ₸"


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("процент от суммы")
    FIXED = "fixed", _("фиксированная сумма, ₸")


class PromoCode(models.Model):
    """A code a guest types at booking for a discount; the limits count bookings that still hold it."""

    code = models.CharField(
        _("код"),
        max_length=40,
        help_text=_("Что вводит гость, например ASTANA10. Заглавные и строчные буквы не различаются."),
    )
    kind = models.CharField(_("вид скидки"), max_length=10, choices=DiscountKind.choices, default=DiscountKind.PERCENT)
    value = models.DecimalField(
        _("размер скидки"),
        max_digits=10,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Процент (от 1 до 90) или сумма в тенге — в зависимости от вида скидки."),
    )
    valid_from = models.DateField(_("действует с"), null=True, blank=True, help_text=_("Пусто — уже действует."))
    valid_to = models.DateField(
        _("действует по"),
        null=True,
        blank=True,
        help_text=_("Последний день действия включительно. Пусто — бессрочно."),
    )
    min_total = models.DecimalField(
        _("минимальная сумма, ₸"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Код действует, если проживание стоит не меньше этой суммы. 0 — без ограничения."),
    )
    usage_limit = models.PositiveIntegerField(
        _("всего использований"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Сколько бронирований может получить скидку. Пусто — без ограничения."),
    )
    per_user_limit = models.PositiveIntegerField(
        _("использований на гостя"),
        null=True,
        blank=True,
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Сколько раз один гость может применить код. Пусто — без ограничения."),
    )
    is_active = models.BooleanField(_("активен"), default=True, help_text=_("Снимите, чтобы код перестал работать."))
    times_used = models.PositiveIntegerField(
        _("применён, раз"),
        default=0,
        editable=False,
        help_text=_("Сколько бронирований было создано с этим кодом."),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    panels: ClassVar[list] = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("min_total"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_user_limit")])],
            _("Ограничения"),
            help_text=_("Истёкший холд и отменённое бронирование возвращают использование."),
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("промокод")
        verbose_name_plural = _("промокоды")
        ordering: ClassVar[list] = ["-created_at"]
        constraints: ClassVar[list] = [
            models.UniqueConstraint(Lower("code"), name="promo_code_unique_ignoring_case"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="promo_code_valid_to_after_from",
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        errors = {}
        if self.code and PromoCode.objects.filter(code__iexact=self.code).exclude(pk=self.pk).exists():
            errors["code"] = _("Промокод «%(code)s» уже есть.") % {"code": self.code}
        if self.kind == DiscountKind.PERCENT and self.value is not None and self.value > 90:
            errors["value"] = _("Скидка в процентах — не больше 90.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Дата окончания не может быть раньше даты начала.")
        if errors:
            raise ValidationError(errors)

    @property
    def value_display(self):
        return f"{self.value}%" if self.kind == DiscountKind.PERCENT else f"{self.value} ₸"


class BlockReason(models.TextChoices):
    MAINTENANCE = "maintenance", _("Техническое обслуживание")
    REPAIRS = "repairs", _("Ремонт")
    PERSONAL = "personal", _("Личное использование")
    OTHER = "other", _("Другое")


class BlockedPeriodQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        """Blocks sharing a night with [start, end)."""
        return self.filter(start__lt=end, end__gt=start)


class BlockedPeriod(models.Model):
    """Nights the realtor closed for booking: [start, end), like a stay (the end day itself stays free)."""

    rental = models.ForeignKey(
        "catalog.RentalPropertyPage",
        verbose_name=_("объект"),
        on_delete=models.CASCADE,
        related_name="blocked_periods",
        help_text=_("Объект, который закрывается для бронирования."),
    )
    start = models.DateField(_("с"), help_text=_("Первая закрытая ночь: ночь с этого дня."))
    end = models.DateField(_("по"), help_text=_("День, с которого объект снова свободен (как дата выезда)."))
    reason = models.CharField(_("причина"), max_length=12, choices=BlockReason.choices, default=BlockReason.MAINTENANCE)
    note = models.CharField(
        _("заметка"), max_length=255, blank=True, help_text=_("Для себя и коллег; гости её не видят.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто закрыл"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    objects = BlockedPeriodQuerySet.as_manager()

    panels: ClassVar[list] = [
        FieldPanel("rental", widget=forms.Select),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("reason"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("закрытые даты")
        verbose_name_plural = _("закрытые даты")
        ordering: ClassVar[list] = ["rental", "start"]
        constraints: ClassVar[list] = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="blocked_period_end_after_start"),
        ]
        indexes: ClassVar[list] = [
            models.Index(fields=["rental", "start", "end"], name="blocked_period_dates_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.start:%d.%m}–{self.end:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Дата «по» должна быть позже даты «с»: закрывается хотя бы одна ночь.")})
        from bookings.blocking import booking_conflict

        conflict = booking_conflict(self)
        if conflict is not None:
            raise conflict

    @property
    def nights(self):
        return (self.end - self.start).days
