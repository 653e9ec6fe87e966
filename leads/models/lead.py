"""A lead is one person's request (consultation, viewing, callback, test drive) and everything that
happened with it afterwards: its interactions, its stage in the sales pipeline and its manager."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadKind(models.TextChoices):
    CONSULTATION = "consultation", _("Консультация")
    VIEWING = "viewing", _("Просмотр объекта")
    CALLBACK = "callback", _("Обратный звонок")
    TEST_DRIVE = "test_drive", _("Тест-драйв")


class LeadStage(models.TextChoices):
    NEW = "new", _("Новая")
    IN_WORK = "in_work", _("В работе")
    MEETING = "meeting", _("Назначена встреча")
    DEAL = "deal", _("Сделка")
    WON = "won", _("Успешно закрыта")
    LOST = "lost", _("Отказ")


OPEN_STAGES = (LeadStage.NEW, LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.DEAL)
CLOSED_STAGES = (LeadStage.WON, LeadStage.LOST)


class LeadSource(models.TextChoices):
    """Where the person came from, derived from UTM tags and the referrer (or entered by a manager)."""

    DIRECT = "direct", _("Прямой заход")
    SEARCH = "search", _("Поисковая система")
    ADS = "ads", _("Реклама")
    SOCIAL = "social", _("Социальные сети")
    REFERRAL = "referral", _("Переход с другого сайта")
    PHONE = "phone", _("Телефонный звонок")
    OTHER = "other", _("Другое")


class LostReason(models.TextChoices):
    PRICE = "price", _("Не устроила цена")
    ELSEWHERE = "elsewhere", _("Купил в другом месте")
    UNREACHABLE = "unreachable", _("Не удалось связаться")
    NOT_RELEVANT = "not_relevant", _("Нецелевая заявка")
    POSTPONED = "postponed", _("Отложил покупку")
    OTHER = "other", _("Другое")


class LeadQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def closed(self):
        return self.filter(stage__in=CLOSED_STAGES)


class Lead(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("сайт"), on_delete=models.PROTECT, related_name="leads")
    kind = models.CharField(_("тип заявки"), max_length=16, choices=LeadKind.choices)
    stage = models.CharField(_("этап"), max_length=10, choices=LeadStage.choices, default=LeadStage.NEW)
    lost_reason = models.CharField(_("причина отказа"), max_length=16, choices=LostReason.choices, blank=True)

    # The person. `user` is their account when they were signed in (or their verified phone matched one).
    name = models.CharField(_("имя"), max_length=150)
    phone = models.CharField(_("телефон"), max_length=20, help_text=_("В формате E.164, например +79001234567."))
    email = models.EmailField(_("email"), blank=True)
    message = models.TextField(_("сообщение"), blank=True)
    preferred_time = models.DateTimeField(_("удобное время"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("клиент"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    consent_at = models.DateTimeField(_("согласие на обработку данных"))

    # What it is about and where it came from.
    listing = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("объект"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as they were at the time of the request, so the lead still reads right if the page changes.
    listing_title = models.CharField(_("название объекта"), max_length=255, blank=True)
    listing_price = models.DecimalField(_("цена объекта"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("источник"), max_length=10, choices=LeadSource.choices, default=LeadSource.DIRECT)
    utm = models.JSONField(_("UTM-метки"), default=dict, blank=True)
    referrer = models.URLField(_("откуда пришёл"), max_length=1000, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    # What we knew about the visitor when they asked (visits, viewed listings); read by scoring.
    visitor_context = models.JSONField(_("о посетителе"), default=dict, blank=True)

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("менеджер"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
    )
    assigned_at = models.DateTimeField(_("назначена"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("горячесть"), default=0)
    # Why the score is what it is: [{"rule": ..., "points": ...}, ...], written by leads.scoring with the score.
    score_reasons = models.JSONField(_("из чего сложилась оценка"), default=list, blank=True, editable=False)
    first_contact_at = models.DateTimeField(_("первый контакт"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = LeadQuerySet.as_manager()

    # A lead points at its listing page, but "used by 300 leads" is no help to an editor, and indexing the
    # reference would cost every lead save four more queries.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("заявка")
        verbose_name_plural = _("заявки")
        ordering = ("-created_at",)
        indexes = [
            # "the open lead from this phone in the last day" and "open leads per manager"
            models.Index(fields=["phone", "created_at"], name="lead_phone_created_idx"),
            models.Index(fields=["manager", "stage"], name="lead_manager_stage_idx"),
            models.Index(fields=["site", "stage", "created_at"], name="lead_site_stage_idx"),
            models.Index(fields=["-score"], name="lead_score_idx"),
        ]

    def __str__(self):
        return _("Заявка №%(id)s: %(kind)s, %(name)s") % {
            "id": self.pk,
            "kind": self.get_kind_display(),
            "name": self.name,
        }

    @property
    def is_open(self):
        return self.stage in OPEN_STAGES


class InteractionKind(models.TextChoices):
    REQUEST = "request", _("Заявка с сайта")
    CALL = "call", _("Звонок")
    MESSAGE = "message", _("Сообщение")
    NOTE = "note", _("Заметка")
    STAGE = "stage", _("Смена этапа")
    ASSIGNMENT = "assignment", _("Назначение менеджера")
    MEETING = "meeting", _("Встреча")
    TASK = "task", _("Задача")


# Interactions that count as contacting the client (for "time to first contact" and scoring).
CONTACT_KINDS = (InteractionKind.CALL, InteractionKind.MESSAGE, InteractionKind.MEETING)


class Interaction(models.Model):
    """One line of the lead's history: who did what and when. Written by the services, never edited."""

    lead = models.ForeignKey(Lead, verbose_name=_("заявка"), on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("тип"), max_length=12, choices=InteractionKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Пусто, если это сделала система или сам клиент."),
    )
    text = models.TextField(_("текст"), blank=True)
    # Details per kind: {"from": ..., "to": ...} for stage changes, the form's fields for a request, ...
    data = models.JSONField(_("подробности"), default=dict, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие по заявке")
        verbose_name_plural = _("история заявки")
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["lead", "created_at"], name="interaction_lead_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%d.%m.%Y %H:%M})"
