"""Coupons and promo codes of the club, and every use of them."""

from decimal import Decimal
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from catalog.models import Tier, all_tiers, validate_tiers
from loyalty.models.ledger import Purchase
from loyalty.models.members import Member

__all__ = ["Coupon", "CouponRedemption"]


class CouponForm(WagtailAdminModelForm):
    """Shows the tiers (a JSON list) as checkboxes."""

    allowed_tiers = forms.MultipleChoiceField(
        label=_("Для статусов"),
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Участницы каких статусов могут применить купон."),
    )

    def clean_allowed_tiers(self):
        chosen = set(self.cleaned_data["allowed_tiers"])
        return [code for code in Tier.values if code in chosen]


class Coupon(models.Model):
    """A code typed at the cashier: a percent or a fixed discount, or bonus points. Shared, or one member's own.

    `times_used` counts the uses that still hold (a refund gives the use back); it changes only under a lock
    on this row (loyalty.services.coupons), so the limits hold however many cashiers apply the code at once."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("скидка, %")
        FIXED = "fixed", _("скидка, ₽")
        POINTS = "points", _("бонусные баллы")

    code = models.CharField(
        _("код"), max_length=40, help_text=_("Что называет участница на кассе. Заглавные и строчные не различаются.")
    )
    title = models.CharField(_("название"), max_length=120, blank=True, help_text=_("Для себя: за что купон."))
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.PERCENT)
    value = models.DecimalField(
        _("размер"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Процент (1–100), сумма в рублях или число баллов — по виду купона."),
    )
    partner = models.ForeignKey(
        "catalog.BusinessPage",
        verbose_name=_("партнёр"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="club_coupons",
        help_text=_("Где действует купон. Пусто — у всех партнёров клуба."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("участница"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coupons",
        help_text=_("Личный купон одной участницы. Пусто — общий промокод."),
    )
    allowed_tiers = models.JSONField(_("для статусов"), default=all_tiers, validators=[validate_tiers])
    valid_from = models.DateField(_("действует с"), null=True, blank=True, help_text=_("Пусто — уже действует."))
    valid_to = models.DateField(
        _("действует по"), null=True, blank=True, help_text=_("Последний день включительно. Пусто — бессрочно.")
    )
    total_limit = models.PositiveIntegerField(
        _("всего использований"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Сколько покупок всего может получить купон. Пусто — без ограничения."),
    )
    per_member_limit = models.PositiveIntegerField(
        _("использований на участницу"),
        null=True,
        blank=True,
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Сколько раз одна участница может применить купон. Пусто — без ограничения."),
    )
    is_active = models.BooleanField(_("активен"), default=True, help_text=_("Снимите, чтобы купон перестал работать."))
    times_used = models.PositiveIntegerField(_("применён, раз"), default=0, editable=False)

    base_form_class = CouponForm
    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("partner"), FieldPanel("member")]),
        FieldPanel("allowed_tiers"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldRowPanel([FieldPanel("total_limit"), FieldPanel("per_member_limit")]),
                FieldPanel("is_active"),
            ],
            _("Ограничения"),
        ),
    ]

    class Meta:
        verbose_name = _("купон")
        verbose_name_plural = _("купоны и промокоды")
        constraints = [
            models.UniqueConstraint(Upper("code"), name="coupon_code_unique_any_case"),
            models.CheckConstraint(
                condition=models.Q(total_limit__isnull=True) | models.Q(times_used__lte=models.F("total_limit")),
                name="coupon_within_total_limit",
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        if self.kind == self.Kind.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("Процент скидки — от 1 до 100.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Последний день не может быть раньше первого.")})


class CouponRedemption(models.Model):
    """One use of a coupon on a purchase; a refund marks it reversed and gives the use back."""

    coupon = models.ForeignKey(Coupon, verbose_name=_("купон"), on_delete=models.PROTECT, related_name="redemptions")
    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.PROTECT, related_name="coupon_redemptions"
    )
    purchase = models.OneToOneField(
        Purchase, verbose_name=_("покупка"), on_delete=models.PROTECT, related_name="coupon_redemption"
    )
    discount = models.DecimalField(_("скидка, ₽"), max_digits=12, decimal_places=2, default=Decimal(0))
    bonus_points = models.DecimalField(_("бонусные баллы"), max_digits=12, decimal_places=2, default=Decimal(0))
    created_at = models.DateTimeField(_("когда"))
    reversed_at = models.DateTimeField(_("отменено"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("применение купона")
        verbose_name_plural = _("применения купонов")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.coupon} → {self.purchase}"
