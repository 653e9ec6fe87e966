"""What the nightly analytics job stores (loyalty.services.analytics.refresh): RFM scores and segments per member
(club-wide and per partner), the churn model's fit and each member's churn probability, and the club's monthly
metrics. Dashboards read these rows instead of recounting a million purchases on every page view."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty.models.members import Member

__all__ = ["ChurnModel", "ClubMonth", "CustomerSpan", "MemberScore", "PeriodFigures", "Segment"]


class Segment(models.TextChoices):
    CHAMPIONS = "champions", _("чемпионы")
    LOYAL = "loyal", _("лояльные")
    PROMISING = "promising", _("перспективные")
    NEWCOMERS = "newcomers", _("новички")
    NEED_ATTENTION = "attention", _("требуют внимания")
    AT_RISK = "at_risk", _("под угрозой")
    SLEEPING = "sleeping", _("спящие")
    LOST = "lost", _("потерянные")


class MemberScore(models.Model):
    """A member's RFM scores (quintiles 1–5, 5 the best) among the customers of `partner`, or of the whole club
    (no partner); the club-wide row also holds the churn forecast."""

    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="scores")
    last_purchase_at = models.DateTimeField(_("последняя покупка"))
    frequency = models.PositiveIntegerField(_("покупок"))
    monetary = models.DecimalField(_("сумма покупок, ₽"), max_digits=14, decimal_places=2)
    recency_score = models.PositiveSmallIntegerField("R")
    frequency_score = models.PositiveSmallIntegerField("F")
    monetary_score = models.PositiveSmallIntegerField("M")
    segment = models.CharField(_("сегмент"), max_length=20, choices=Segment.choices)
    churn_probability = models.FloatField(_("вероятность ухода"), null=True, blank=True)
    churn_reason = models.CharField(_("главная причина"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("посчитано"))

    class Meta:
        verbose_name = _("RFM-оценка участницы")
        verbose_name_plural = _("RFM-оценки участниц")
        constraints = [
            models.UniqueConstraint(fields=["partner", "member"], name="member_score_unique_per_partner"),
            models.UniqueConstraint(
                fields=["member"], condition=Q(partner__isnull=True), name="member_score_unique_club_wide"
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "segment"], name="member_score_segment_idx"),
            models.Index(fields=["partner", "-churn_probability"], name="member_score_churn_idx"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.segment}"


class ChurnModel(models.Model):
    """One fit of the churn model: a logistic regression (loyalty.services.churn) on the club's own history, with
    its quality on the members held out of the fit."""

    fitted_at = models.DateTimeField(_("обучена"))
    horizon_days = models.PositiveIntegerField(_("горизонт, дней"))
    train_size = models.PositiveIntegerField(_("обучающих участниц"))
    test_size = models.PositiveIntegerField(_("проверочных участниц"))
    base_rate = models.FloatField(_("доля ушедших"))
    auc = models.FloatField(_("AUC на проверке"), null=True, blank=True)
    coefficients = models.JSONField(_("коэффициенты"), default=dict)

    class Meta:
        verbose_name = _("модель оттока")
        verbose_name_plural = _("модели оттока")
        ordering = ["-fitted_at", "-pk"]

    def __str__(self):
        return f"{self.fitted_at:%Y-%m-%d} AUC {self.auc}"


class ClubMonth(models.Model):
    """The club's operational metrics of one calendar month (the superuser's dashboard), recomputed nightly."""

    month = models.DateField(_("месяц"), unique=True)
    active_members = models.PositiveIntegerField(_("покупали"))
    new_members = models.PositiveIntegerField(_("вступили"))
    revenue = models.DecimalField(_("выручка, ₽"), max_digits=16, decimal_places=2)
    north_star = models.FloatField(_("North Star, %"), null=True)
    retention = models.FloatField(_("удержание, %"), null=True)
    churn_rate = models.FloatField(_("отток, %"), null=True)
    cross_purchase = models.FloatField(_("кросс-покупки, %"), null=True)
    ecosystem_share = models.FloatField(_("доля экосистемы в выручке, %"), null=True)
    ltv = models.DecimalField(_("LTV, ₽"), max_digits=14, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("месяц клуба")
        verbose_name_plural = _("месяцы клуба")
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"


CLUB = 0  # CustomerSpan.scope and PeriodFigures.scope of the whole club (otherwise a partner's page id)


class CustomerSpan(models.Model):
    """A member's first and last counted purchase (with a member, not refunded whole) at a partner (`scope`: its
    page id) or anywhere in the club (`scope` 0). One row per (scope, member), kept by loyalty.services.rollups in
    the transaction that records, credits or refunds a purchase; the nightly job rebuilds them from the purchases.
    The dashboards read «new customers», the total of customers and how customers came from these rows instead of
    looking for each member's first purchase among a million."""

    scope = models.IntegerField(_("партнёр (0 — весь клуб)"))
    member = models.ForeignKey(Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="+")
    first_at = models.DateTimeField(_("первая покупка"))
    first_purchase_id = models.BigIntegerField(_("первая покупка (номер)"))
    last_at = models.DateTimeField(_("последняя покупка"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("первая и последняя покупка")
        verbose_name_plural = _("первые и последние покупки")
        constraints = [models.UniqueConstraint(fields=["scope", "member"], name="customer_span_unique")]
        indexes = [
            models.Index(fields=["scope", "first_at"], name="customer_span_first_idx"),
            models.Index(fields=["scope", "last_at"], include=["member"], name="customer_span_last_idx"),
        ]

    def __str__(self):
        return f"{self.scope}: {self.member_id}"


class PeriodFigures(models.Model):
    """The overview's figures of one finished day, week or month for a partner (`scope`) or the club (0), stored
    when a dashboard first computes them (loyalty.services.analytics.overview) and forgotten when a purchase of that
    period is recorded late, credited or refunded (loyalty.services.rollups.forget_periods); the nightly job starts
    them afresh. Only periods that ended more than a day ago are stored."""

    scope = models.IntegerField(_("партнёр (0 — весь клуб)"))
    period = models.CharField(_("шаг"), max_length=5)
    start = models.DateField(_("начало"))
    customers = models.PositiveIntegerField(_("клиентки"))
    purchases = models.PositiveIntegerField(_("покупки"))
    revenue = models.DecimalField(_("выручка, ₽"), max_digits=16, decimal_places=2)
    points_spent = models.DecimalField(_("оплачено баллами"), max_digits=16, decimal_places=2)
    points_earned = models.DecimalField(_("начислено баллов"), max_digits=16, decimal_places=2)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("итоги периода")
        verbose_name_plural = _("итоги периодов")
        constraints = [
            models.UniqueConstraint(fields=["scope", "period", "start"], name="period_figures_unique"),
        ]

    def __str__(self):
        return f"{self.scope}: {self.period} {self.start}"
