"""Member-built events: proposals from the event constructor, their date options, the members' weighted votes, and
the event fund (2 % of the club's purchases, spent on events). Only loyalty.services.voting and .fund write them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loyalty.models.ledger import Purchase, PurchaseRefund, money
from loyalty.models.members import Member

__all__ = ["EventFund", "EventFundLine", "EventProposal", "ProposalDate", "ProposalVote"]


class EventProposal(models.Model):
    """An event a VIP, Elite or Inner Circle member proposes. The superuser approves it (the vote opens until
    `voting_closes_at`) or rejects it with a reason; when the vote closes, a proposal with more weight for it than
    against it wins and becomes a draft event page on its best-voted date."""

    class Format(models.TextChoices):
        MASTERCLASS = "masterclass", _("мастер-класс")
        TASTING = "tasting", _("дегустация")
        LECTURE = "lecture", _("лекция или встреча с экспертом")
        PARTY = "party", _("вечеринка")
        TRIP = "trip", _("выезд или прогулка")
        OTHER = "other", _("другое")

    class Status(models.TextChoices):
        PENDING = "pending", _("на модерации")
        VOTING = "voting", _("идёт голосование")
        REJECTED = "rejected", _("отклонено")
        WON = "won", _("победило")
        LOST = "lost", _("не набрало голосов")

    member = models.ForeignKey(
        Member, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="event_proposals"
    )
    title = models.CharField(_("название"), max_length=150)
    format = models.CharField(_("формат"), max_length=20, choices=Format.choices)
    venue = models.ForeignKey(
        "catalog.BusinessPage",
        verbose_name=_("площадка партнёра"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Партнёр клуба, у которого пройдёт мероприятие."),
    )
    description = models.TextField(_("описание"), help_text=_("Что будет, для кого, что нужно от клуба."))
    budget = money(_("бюджет, ₽"), _("Сколько просят из фонда мероприятий."), default=Decimal(0))
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reject_reason = models.CharField(_("причина отказа"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("модератор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("рассмотрено"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("голосование до"), null=True, blank=True)
    closed_at = models.DateTimeField(_("итоги подведены"), null=True, blank=True)
    winning_date = models.ForeignKey(
        "ProposalDate",
        verbose_name=_("выбранная дата"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "catalog.EventPage",
        verbose_name=_("страница мероприятия"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Черновик, созданный из победившего предложения."),
    )
    created_at = models.DateTimeField(_("предложено"))

    class Meta:
        verbose_name = _("предложение мероприятия")
        verbose_name_plural = _("предложения мероприятий")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(budget__gte=0), name="proposal_budget_not_negative")]
        indexes = [models.Index(fields=["status", "voting_closes_at"], name="proposal_status_idx")]

    def __str__(self):
        return self.title


class ProposalDate(models.Model):
    """One of a proposal's 2–4 date options."""

    proposal = models.ForeignKey(
        EventProposal, verbose_name=_("предложение"), on_delete=models.CASCADE, related_name="dates"
    )
    starts_at = models.DateTimeField(_("начало"))

    class Meta:
        verbose_name = _("вариант даты")
        verbose_name_plural = _("варианты дат")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "starts_at"], name="proposal_date_unique")]

    def __str__(self):
        from django.utils import formats, timezone

        return formats.date_format(timezone.localtime(self.starts_at), "j E Y, H:i")


class ProposalVote(models.Model):
    """A member's answer to one question of a proposal: whether she supports it, or which date she prefers. One per
    member per question (changed in place until the vote closes); `weight` is her tier's at her last answer."""

    wagtail_reference_index_ignore = True  # a record written per purchase, vote or sign-up, not content

    class Question(models.TextChoices):
        SUPPORT = "support", _("поддержать мероприятие")
        DATE = "date", _("выбрать дату")

    member = models.ForeignKey(
        Member, verbose_name=_("участница"), on_delete=models.CASCADE, related_name="proposal_votes"
    )
    proposal = models.ForeignKey(
        EventProposal, verbose_name=_("предложение"), on_delete=models.CASCADE, related_name="votes"
    )
    question = models.CharField(_("вопрос"), max_length=10, choices=Question.choices)
    support = models.BooleanField(_("за"), null=True, blank=True)
    date = models.ForeignKey(
        ProposalDate, verbose_name=_("дата"), null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    weight = models.PositiveSmallIntegerField(_("вес голоса"))
    created_at = models.DateTimeField(_("проголосовала"))
    changed_at = models.DateTimeField(_("изменила голос"))

    class Meta:
        verbose_name = _("голос")
        verbose_name_plural = _("голоса")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "proposal", "question"], name="proposal_vote_once"),
            models.CheckConstraint(
                condition=(Q(question="support") & Q(support__isnull=False) & Q(date__isnull=True))
                | (Q(question="date") & Q(support__isnull=True) & Q(date__isnull=False)),
                name="proposal_vote_answers_its_question",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.proposal} ({self.get_question_display()})"


class EventFund(models.Model):
    """The event fund's single row (made by the migration): spends and refunds lock it, so its balance (the sum of
    its lines) is checked and written by one of them at a time."""

    class Meta:
        verbose_name = _("фонд мероприятий")
        verbose_name_plural = _("фонд мероприятий")

    def __str__(self):
        return str(_("Фонд мероприятий"))


class EventFundLine(models.Model):
    """One line of the event fund (append-only, signed): a share of a purchase flowing in, the same share of a refund
    flowing out, or a spend on an event. `period`: the month it counts in (a purchase's month for its share)."""

    wagtail_reference_index_ignore = True  # a record written per purchase, vote or sign-up, not content

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("отчисление с покупки")
        REVERSAL = "reversal", _("возврат покупки")
        SPEND = "spend", _("расход на мероприятие")

    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    amount = money(_("сумма, ₽"))
    period = models.DateField(_("месяц"))
    purchase = models.ForeignKey(
        Purchase, verbose_name=_("покупка"), null=True, blank=True, on_delete=models.PROTECT, related_name="fund_lines"
    )
    refund = models.ForeignKey(
        PurchaseRefund,
        verbose_name=_("возврат"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_lines",
    )
    event = models.ForeignKey(
        "catalog.EventPage",
        verbose_name=_("мероприятие"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_title = models.CharField(_("название мероприятия"), max_length=255, blank=True)
    rate = models.DecimalField(_("ставка, %"), max_digits=5, decimal_places=2, null=True, blank=True)
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

    class Meta:
        verbose_name = _("строка фонда мероприятий")
        verbose_name_plural = _("фонд мероприятий: строки")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="contribution") & Q(amount__gte=0)) | (~Q(kind="contribution") & Q(amount__lt=0)),
                name="fund_line_sign_by_kind",
            ),
            models.UniqueConstraint(
                fields=["purchase"], condition=Q(kind="contribution"), name="fund_one_contribution_per_purchase"
            ),
        ]
        indexes = [models.Index(fields=["period", "kind"], name="fund_period_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"
