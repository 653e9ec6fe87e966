"""Invitations that brought a buyer, and the club's badges."""

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from loyalty.models.ledger import Purchase
from loyalty.models.members import Member

__all__ = ["Badge", "MemberBadge", "Referral"]


class Referral(models.Model):
    """The first purchase of an invited member decided the invitation's reward, once per invitee: granted, or
    refused with the reason (an abuse: inviting oneself, the same phone). When that purchase is refunded whole, the
    reward is taken back and the row marked `refunded`: the invitee's next purchase decides it again (same row)."""

    class Outcome(models.TextChoices):
        REWARDED = "rewarded", _("награда начислена")
        SELF_INVITE = "self_invite", _("отказ: приглашение самой себя")
        SAME_PHONE = "same_phone", _("отказ: тот же телефон")
        SAME_IP = "same_ip", _("отказ: вступили с того же IP-адреса")
        REFUNDED = "refunded", _("отменено: покупку вернули")

    invitee = models.OneToOneField(
        Member, verbose_name=_("приглашённая"), on_delete=models.PROTECT, related_name="referral"
    )
    inviter = models.ForeignKey(
        Member, verbose_name=_("пригласившая"), on_delete=models.PROTECT, related_name="referrals"
    )
    purchase = models.ForeignKey(Purchase, verbose_name=_("первая покупка"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("итог"), max_length=20, choices=Outcome.choices)
    inviter_points = models.DecimalField(_("баллы пригласившей"), max_digits=12, decimal_places=2, default=Decimal(0))
    invitee_points = models.DecimalField(_("баллы приглашённой"), max_digits=12, decimal_places=2, default=Decimal(0))
    inviter_entry = models.ForeignKey(
        "loyalty.LedgerEntry",
        verbose_name=_("строка баллов пригласившей"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("когда"))
    refunded_at = models.DateTimeField(_("покупку вернули"), null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.inviter} → {self.invitee}"


class Badge(models.Model):
    """A badge of the catalogue; `code` says what earns it (loyalty.services.badges), the rest the superuser edits."""

    class Code(models.TextChoices):
        NEW_CATEGORY = "new_category", _("первая покупка в новой категории")
        FIRST_CHAIN = "first_chain", _("первая пройденная цепочка")
        FIVE_PARTNERS = "five_partners", _("покупки у пяти партнёров")
        REFERRAL = "referral", _("приглашённая подруга сделала покупку")

    code = models.CharField(_("за что"), max_length=30, choices=Code.choices, unique=True, editable=False)
    title = models.CharField(_("название"), max_length=80)
    description = models.CharField(_("описание"), max_length=255, blank=True)
    is_active = models.BooleanField(_("выдаётся"), default=True)

    panels: ClassVar[list] = [FieldPanel("title"), FieldPanel("description"), FieldPanel("is_active")]

    class Meta:
        verbose_name = _("значок")
        verbose_name_plural = _("значки")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class MemberBadge(models.Model):
    """A badge a member earned (once)."""

    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="badges")
    badge = models.ForeignKey(Badge, verbose_name=_("значок"), on_delete=models.CASCADE, related_name="awards")
    purchase = models.ForeignKey(
        Purchase, verbose_name=_("покупка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(_("получен"))

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("значок участницы")
        verbose_name_plural = _("значки участниц")
        ordering = ["awarded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="member_badge_once")]

    def __str__(self):
        return f"{self.member}: {self.badge}"
