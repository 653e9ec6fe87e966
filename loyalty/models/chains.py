"""Cross-promo chains: ordered steps at partners; a member's progress through each, and every step done."""

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from loyalty.models.coupons import Coupon
from loyalty.models.ledger import Purchase
from loyalty.models.members import Member

__all__ = ["Chain", "ChainProgress", "ChainStep", "ChainStepDone"]


class Chain(ClusterableModel):
    """Partners sending customers to each other: a purchase at one step unlocks the next (loyalty.services.chains)."""

    class Kind(models.TextChoices):
        SIMPLE = "simple", _("простая: покупка у A открывает предложение у B")
        SEQUENTIAL = "sequential", _("последовательная: A → B → C за N дней")
        CYCLIC = "cyclic", _("циклическая: после последнего шага — снова с первого")
        FAN_OUT = "fan_out", _("веер: A открывает любой из B, C, D")

    title = models.CharField(_("название"), max_length=120)
    description = models.TextField(_("описание для участниц"), blank=True)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.SIMPLE)
    window_days = models.PositiveIntegerField(
        _("срок, дней"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("За сколько дней от первого шага нужно пройти цепочку (последовательная и циклическая)."),
    )
    coupon_days = models.PositiveIntegerField(_("купон действует, дней"), default=30, validators=[MinValueValidator(1)])
    is_active = models.BooleanField(_("действует"), default=True)

    panels: ClassVar[list] = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("window_days"), FieldPanel("coupon_days")]),
        FieldPanel("is_active"),
        InlinePanel("steps", label=_("Шаги"), min_num=2),
    ]

    class Meta:
        verbose_name = _("цепочка партнёров")
        verbose_name_plural = _("цепочки партнёров")

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind in (self.Kind.SEQUENTIAL, self.Kind.CYCLIC) and not self.window_days:
            raise ValidationError({"window_days": _("Укажите срок для последовательной или циклической цепочки.")})


class ChainStep(Orderable):
    """A purchase at `partner` (in `category`, from `min_amount`) completes the step and brings its reward: a
    personal coupon made from `reward_coupon` (a template: its kind, value and partner) or bonus points."""

    chain = ParentalKey(Chain, on_delete=models.CASCADE, related_name="steps")
    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), on_delete=models.CASCADE, related_name="club_chain_steps"
    )
    category = models.ForeignKey(
        "catalog.BusinessCategory",
        verbose_name=_("категория"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Пусто — любая покупка у партнёра."),
    )
    min_amount = models.DecimalField(
        _("сумма от, ₽"), max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    reward_coupon = models.ForeignKey(
        Coupon,
        verbose_name=_("награда: купон-образец"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Участница получит свой купон с видом, размером и партнёром этого купона."),
    )
    reward_points = models.DecimalField(
        _("награда: баллы"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("partner"), FieldPanel("category"), FieldPanel("min_amount")]),
        FieldRowPanel([FieldPanel("reward_coupon"), FieldPanel("reward_points")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("шаг цепочки")
        verbose_name_plural = _("шаги цепочки")

    def __str__(self):
        return f"{self.chain} · {self.partner}"

    def clean(self):
        if self.reward_coupon_id and self.reward_points:
            raise ValidationError(_("Награда шага — купон или баллы, не то и другое."))


class ChainProgress(models.Model):
    """Where a member is in a chain: `position` is the index of the step to do next; `round` counts the laps of a
    cyclic chain. Written by loyalty.services.chains under the member's lock."""

    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="chain_progress"
    )
    chain = models.ForeignKey(Chain, verbose_name=_("цепочка"), on_delete=models.CASCADE, related_name="progress")
    position = models.PositiveSmallIntegerField(_("следующий шаг"), default=0)
    round = models.PositiveIntegerField(_("круг"), default=0)
    started_at = models.DateTimeField(_("начата"), null=True, blank=True)
    completed_at = models.DateTimeField(_("пройдена"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("прогресс по цепочке")
        verbose_name_plural = _("прогресс по цепочкам")
        constraints = [models.UniqueConstraint(fields=["member", "chain"], name="chain_progress_unique")]

    def __str__(self):
        return f"{self.member} · {self.chain}"


class ChainStepDone(models.Model):
    """A step a member completed (once per lap), with the purchase that did it and the reward it brought."""

    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(ChainStep, verbose_name=_("шаг"), on_delete=models.CASCADE, related_name="done")
    round = models.PositiveIntegerField(_("круг"), default=0)
    purchase = models.ForeignKey(Purchase, verbose_name=_("покупка"), on_delete=models.PROTECT, related_name="+")
    coupon = models.ForeignKey(
        Coupon, verbose_name=_("выданный купон"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points = models.DecimalField(_("начислено баллов"), max_digits=12, decimal_places=2, default=Decimal(0))
    done_at = models.DateTimeField(_("дата покупки"))

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("пройденный шаг цепочки")
        verbose_name_plural = _("пройденные шаги цепочек")
        ordering = ["-done_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "step", "round"], name="chain_step_done_once")]

    def __str__(self):
        return f"{self.member} · {self.step}"
