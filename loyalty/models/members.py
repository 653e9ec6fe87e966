"""Club members: one per account, with the points balance kept beside the ledger (loyalty.services)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Tier

__all__ = ["Member", "TierChange"]

TIER_ORDER = {tier: index for index, tier in enumerate(Tier.values)}


def points_field(label, help_text):
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, default=Decimal(0), editable=False, help_text=help_text
    )


class Member(models.Model):
    """A club member. `points_available` and `points_pending` change only in loyalty.services, in the same
    transaction as the ledger line that explains the change, under a lock on this row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("пользователь"), on_delete=models.PROTECT, related_name="club_member"
    )
    phone = models.CharField(
        _("телефон"), max_length=20, unique=True, help_text=_("В формате E.164: по нему находятся покупки партнёров.")
    )
    consent_at = models.DateTimeField(
        _("согласие на передачу данных"),
        null=True,
        blank=True,
        help_text=_("Когда участница согласилась передавать данные о покупках партнёрам клуба (152-ФЗ)."),
    )
    tier = models.CharField(_("статус"), max_length=20, choices=Tier.choices, default=Tier.INSIDER)
    tier_since = models.DateTimeField(_("статус с"), null=True, blank=True)
    downgrade_at = models.DateTimeField(
        _("понижение статуса"),
        null=True,
        blank=True,
        help_text=_("Покупок меньше порога статуса: если так и останется, в это время статус понизится."),
    )
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("пригласила"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitees",
    )
    joined_at = models.DateTimeField(_("в клубе с"))
    join_ip = models.GenericIPAddressField(
        _("IP при вступлении"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Чтобы не награждать приглашение себя."),
    )
    points_available = points_field(_("доступно баллов"), _("Можно потратить сейчас."))
    points_pending = points_field(_("ожидает баллов"), _("Станут доступны, когда пройдёт срок возврата покупки."))

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("участница клуба")
        verbose_name_plural = _("участницы клуба")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_available__gte=0) & Q(points_pending__gte=0), name="member_balance_not_negative"
            ),
        ]

    def __str__(self):
        name = self.user.get_full_name() if self.user_id else ""
        return f"{name} ({self.phone})" if name else self.phone

    @property
    def has_consent(self):
        return self.consent_at is not None


class TierChange(models.Model):
    """A member's tier moved (append-only): after a purchase, at the nightly recount, or by invitation."""

    class Reason(models.TextChoices):
        UPGRADE = "upgrade", _("повышение по покупкам")
        DOWNGRADE = "downgrade", _("понижение после отсрочки")
        INVITATION = "invitation", _("приглашение в Inner Circle")

    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="tier_changes"
    )
    old_tier = models.CharField(_("был статус"), max_length=20, choices=Tier.choices)
    new_tier = models.CharField(_("стал статус"), max_length=20, choices=Tier.choices)
    reason = models.CharField(_("причина"), max_length=20, choices=Reason.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("когда"))

    wagtail_reference_index_ignore = True  # a record written per purchase, not content: no usage to track

    class Meta:
        verbose_name = _("смена статуса")
        verbose_name_plural = _("смены статусов")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member}: {self.get_old_tier_display()} → {self.get_new_tier_display()}"
