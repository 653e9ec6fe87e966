"""Partners' offers to the club's members (module 6): made by a business owner, approved by the superuser through
a Wagtail workflow (only a live offer counts), and what happened to each (shown, taken, redeemed)."""

from decimal import Decimal
from typing import ClassVar

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin

from catalog.models import Tier, all_tiers, validate_tiers
from loyalty.models.analytics import Segment
from loyalty.models.coupons import Coupon
from loyalty.models.ledger import Purchase
from loyalty.models.members import Member

__all__ = ["Offer", "OfferEvent"]


class OfferForm(WagtailAdminModelForm):
    """Tiers as checkboxes; a business owner offers only at their own partner."""

    audience_tiers = forms.MultipleChoiceField(
        label=_("Для статусов"), choices=Tier.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            from loyalty.admin.policies import owned_partner_ids

            field = self.fields["partner"]
            field.queryset = field.queryset.filter(pk__in=owned_partner_ids(user))

    def clean_audience_tiers(self):
        chosen = set(self.cleaned_data["audience_tiers"])
        return [code for code in Tier.values if code in chosen]


class Offer(WorkflowMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """An offer of a partner: a personal coupon (kind and value as a coupon's) for the members of its audience,
    between its dates, while its budget (what redeemed coupons gave: discounts and bonus points) lasts."""

    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), on_delete=models.CASCADE, related_name="club_offers"
    )
    title = models.CharField(_("название"), max_length=120)
    terms = models.TextField(_("условия"), help_text=_("Что получает участница и на каких условиях."))
    kind = models.CharField(_("вид"), max_length=10, choices=Coupon.Kind.choices, default=Coupon.Kind.PERCENT)
    value = models.DecimalField(
        _("размер"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Процент (1–100), сумма в рублях или число баллов — по виду."),
    )
    audience_tiers = models.JSONField(_("для статусов"), default=all_tiers, validators=[validate_tiers])
    audience_categories = ParentalManyToManyField(
        "catalog.BusinessCategory",
        verbose_name=_("покупали в категориях"),
        blank=True,
        related_name="+",
        help_text=_("Только участницам с покупками в одной из этих категорий. Пусто — всем."),
    )
    lapsed_days = models.PositiveIntegerField(
        _("без покупок, дней"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Только тем, кто не покупал в клубе столько дней. Пусто — всем."),
    )
    audience_segment = models.CharField(
        _("RFM-сегмент"),
        max_length=20,
        blank=True,
        choices=Segment.choices,
        help_text=_("Только клиенткам партнёра из этого сегмента (пересчитывается каждую ночь). Пусто — всем."),
    )
    budget = models.DecimalField(
        _("бюджет, ₽"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Сколько всего могут дать скидки и баллы по предложению. Пусто — без ограничения."),
    )
    starts_on = models.DateField(_("с"))
    ends_on = models.DateField(_("по"), help_text=_("Последний день включительно."))
    coupon_days = models.PositiveIntegerField(_("купон действует, дней"), default=14, validators=[MinValueValidator(1)])

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="club_offer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="club_offer",
        for_concrete_model=False,
    )

    base_form_class = OfferForm
    panels: ClassVar[list] = [
        FieldRowPanel([FieldPanel("partner"), FieldPanel("title")]),
        FieldPanel("terms"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("coupon_days")]),
        MultiFieldPanel(
            [
                FieldPanel("audience_tiers"),
                FieldPanel("audience_categories"),
                FieldPanel("lapsed_days"),
                FieldPanel("audience_segment"),
            ],
            _("Аудитория"),
        ),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("budget")]),
    ]

    class Meta:
        verbose_name = _("предложение партнёра")
        verbose_name_plural = _("предложения партнёров")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        if self.kind == Coupon.Kind.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("Процент скидки — от 1 до 100.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Последний день не может быть раньше первого.")})


class OfferEvent(models.Model):
    """What happened to an offer with a member (append-only): shown, taken (with the coupon made for them, once
    per member), redeemed (the purchase with that coupon, its revenue and what the coupon gave; `cancelled_at` once
    that purchase is refunded whole, and it no longer counts)."""

    class Kind(models.TextChoices):
        SHOWN = "shown", _("показано")
        TAKEN = "taken", _("взято")
        REDEEMED = "redeemed", _("использовано")

    offer = models.ForeignKey(Offer, verbose_name=_("предложение"), on_delete=models.CASCADE, related_name="events")
    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("событие"), max_length=10, choices=Kind.choices)
    coupon = models.ForeignKey(
        Coupon, verbose_name=_("купон"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purchase = models.ForeignKey(
        Purchase, verbose_name=_("покупка"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revenue = models.DecimalField(_("выручка, ₽"), max_digits=12, decimal_places=2, default=Decimal(0))
    spent = models.DecimalField(_("из бюджета, ₽"), max_digits=12, decimal_places=2, default=Decimal(0))
    created_at = models.DateTimeField(_("когда"))
    cancelled_at = models.DateTimeField(
        _("отменено"), null=True, blank=True, editable=False, help_text=_("Покупку с купоном вернули целиком.")
    )

    class Meta:
        verbose_name = _("событие предложения")
        verbose_name_plural = _("события предложений")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "member"], condition=Q(kind="taken"), name="offer_taken_once"),
            models.UniqueConstraint(fields=["purchase"], condition=Q(kind="redeemed"), name="offer_redeemed_once"),
        ]

    def __str__(self):
        return f"{self.offer}: {self.get_kind_display()}"
