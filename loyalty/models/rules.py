"""The club's rules (one row, edited by the superuser with a revision per save) and each partner's own settings."""

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from catalog.models import Tier

__all__ = ["ClubPartner", "ClubRules"]


def percent(label, default, help_text):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=help_text,
    )


def rubles(label, default, help_text):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


def days(label, default, help_text):
    return models.PositiveIntegerField(label, default=default, help_text=help_text)


class ClubRules(RevisionMixin, models.Model):
    """Every rule of points and tiers. One row (`current()`); each save is a revision, so the history shows
    who changed what and when. Changes apply to purchases recorded after them; lines already written keep
    the rate and dates they were written with."""

    insider_rate = percent(_("кешбэк Insider, %"), 5, _("Доля суммы покупки, которая приходит баллами."))
    vip_rate = percent(_("кешбэк VIP, %"), 7, _("Доля суммы покупки, которая приходит баллами."))
    elite_rate = percent(_("кешбэк Elite, %"), 10, _("Доля суммы покупки, которая приходит баллами."))
    inner_circle_rate = percent(_("кешбэк Inner Circle, %"), 10, _("Доля суммы покупки, которая приходит баллами."))
    vip_turnover = rubles(_("VIP: сумма покупок, ₽"), 30_000, _("Сумма покупок за период, начиная с которой — VIP."))
    vip_categories = models.PositiveSmallIntegerField(
        _("VIP: категорий"), default=3, help_text=_("Сколько разных категорий партнёров нужно для VIP.")
    )
    elite_turnover = rubles(
        _("Elite: сумма покупок, ₽"), 100_000, _("Сумма покупок за период, начиная с которой — Elite.")
    )
    elite_categories = models.PositiveSmallIntegerField(
        _("Elite: категорий"), default=5, help_text=_("Сколько разных категорий партнёров нужно для Elite.")
    )
    tier_period_days = days(
        _("период статуса, дней"), 365, _("Статус считается по покупкам за столько последних дней (скользящий год).")
    )
    downgrade_grace_days = days(
        _("отсрочка понижения, дней"),
        30,
        _("Если покупок стало меньше порога, статус понижается только через столько дней."),
    )
    return_window_days = days(
        _("срок возврата, дней"),
        14,
        _("Баллы за покупку ждут столько дней (возврат товара), потом становятся доступны. Партнёр может задать свой."),
    )
    points_lifetime_days = days(
        _("срок жизни баллов, дней"), 365, _("Доступные баллы сгорают через столько дней, начиная с самых старых.")
    )
    expiry_reminder_days = days(
        _("напоминать о сгорании за, дней"), 14, _("За сколько дней до сгорания баллов участнице придёт напоминание.")
    )
    max_points_share = percent(
        _("оплата баллами, не больше %"), 50, _("Какую долю суммы покупки можно оплатить баллами.")
    )
    referral_inviter_points = rubles(
        _("за приглашение: пригласившей, баллов"),
        500,
        _("Баллы пригласившей, когда приглашённая сделает первую покупку. 0 — без награды."),
    )
    referral_invitee_points = rubles(
        _("за приглашение: приглашённой, баллов"),
        0,
        _("Баллы приглашённой за её первую покупку. 0 — без награды."),
    )
    insider_vote_weight = models.PositiveSmallIntegerField(
        _("вес голоса Insider"), default=1, help_text=_("Сколько весит голос участницы этого статуса.")
    )
    vip_vote_weight = models.PositiveSmallIntegerField(
        _("вес голоса VIP"), default=2, help_text=_("Сколько весит голос участницы этого статуса.")
    )
    elite_vote_weight = models.PositiveSmallIntegerField(
        _("вес голоса Elite"), default=3, help_text=_("Сколько весит голос участницы этого статуса.")
    )
    inner_circle_vote_weight = models.PositiveSmallIntegerField(
        _("вес голоса Inner Circle"), default=5, help_text=_("Сколько весит голос участницы этого статуса.")
    )
    voting_days = days(
        _("голосование, дней"), 7, _("Сколько дней идёт голосование за одобренное предложение мероприятия.")
    )
    event_fund_rate = percent(
        _("в фонд мероприятий, %"), 2, _("Доля каждой покупки в клубе, которая идёт в фонд мероприятий.")
    )

    panels: ClassVar[list] = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("insider_rate"), FieldPanel("vip_rate")]),
                FieldRowPanel([FieldPanel("elite_rate"), FieldPanel("inner_circle_rate")]),
            ],
            _("Кешбэк по статусам"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("vip_turnover"), FieldPanel("vip_categories")]),
                FieldRowPanel([FieldPanel("elite_turnover"), FieldPanel("elite_categories")]),
                FieldRowPanel([FieldPanel("tier_period_days"), FieldPanel("downgrade_grace_days")]),
            ],
            _("Пороги статусов"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("return_window_days"), FieldPanel("max_points_share")]),
                FieldRowPanel([FieldPanel("points_lifetime_days"), FieldPanel("expiry_reminder_days")]),
            ],
            _("Баллы"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("referral_inviter_points"), FieldPanel("referral_invitee_points")])],
            _("Приглашения"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("insider_vote_weight"), FieldPanel("vip_vote_weight")]),
                FieldRowPanel([FieldPanel("elite_vote_weight"), FieldPanel("inner_circle_vote_weight")]),
                FieldRowPanel([FieldPanel("voting_days"), FieldPanel("event_fund_rate")]),
            ],
            _("Мероприятия участниц"),
        ),
    ]

    class Meta:
        verbose_name = _("правила клуба")
        verbose_name_plural = _("правила клуба")

    def __str__(self):
        return str(_("Правила клуба «Свой Круг»"))

    @classmethod
    def current(cls):
        """The rules in force: the saved row, or the defaults above while nobody has saved one."""
        return cls.objects.order_by("pk").first() or cls()

    def rate(self, tier):
        """The share of a purchase earned as points, as a fraction (0.05 for 5 %)."""
        return {
            Tier.INSIDER: self.insider_rate,
            Tier.VIP: self.vip_rate,
            Tier.ELITE: self.elite_rate,
            Tier.INNER_CIRCLE: self.inner_circle_rate,
        }[tier] / 100

    def vote_weight(self, tier):
        """How much a vote of a member of `tier` weighs."""
        return {
            Tier.INSIDER: self.insider_vote_weight,
            Tier.VIP: self.vip_vote_weight,
            Tier.ELITE: self.elite_vote_weight,
            Tier.INNER_CIRCLE: self.inner_circle_vote_weight,
        }[tier]


class ClubPartner(models.Model):
    """A partner business's club settings, beside its page (catalog.BusinessPage): no row means the club's defaults."""

    business = models.OneToOneField(
        "catalog.BusinessPage",
        verbose_name=_("партнёр"),
        on_delete=models.CASCADE,
        related_name="club_settings",
        help_text=_("Страница партнёра на сайте «Свой Круг»."),
    )
    is_medical = models.BooleanField(
        _("медицинский партнёр"),
        default=False,
        help_text=_("Врачебная тайна: о покупках хранятся только сумма, дата и категория, без услуги и диагноза."),
    )
    return_window_days = models.PositiveIntegerField(
        _("срок возврата, дней"),
        null=True,
        blank=True,
        help_text=_("Сколько дней баллы за покупку ждут возможного возврата. Пусто — как в правилах клуба."),
    )

    panels: ClassVar[list] = [FieldPanel("business"), FieldPanel("is_medical"), FieldPanel("return_window_days")]

    class Meta:
        verbose_name = _("настройки партнёра в клубе")
        verbose_name_plural = _("настройки партнёров в клубе")

    def __str__(self):
        return str(self.business)

    @classmethod
    def of(cls, business):
        """The partner's settings, or unsaved defaults. Read with the page when it came with
        `select_related("club_settings")` (the cashier screen's partners): no query then."""
        relation = cls._meta.get_field("business").remote_field
        if relation.is_cached(business):
            return relation.get_cached_value(business) or cls(business=business)
        return cls.objects.filter(business=business).first() or cls(business=business)

    def return_window(self, rules):
        return rules.return_window_days if self.return_window_days is None else self.return_window_days
