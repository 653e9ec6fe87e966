"""Deals (InBack): a lead that came to a purchase, its stages and history, the buyer's cashback and the
documents for its payout. The services in leads/deals.py and leads/cashback.py are the only writers."""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CLOSED_DEAL_STAGES",
    "CashbackRule",
    "CashbackStatus",
    "Deal",
    "DealDocument",
    "DealEvent",
    "DealStage",
    "deal_document_storage",
]


class DealStage(models.TextChoices):
    RESERVED = "reserved", _("Бронь")
    CONTRACT = "contract", _("Договор подписан")
    PAYMENT = "payment", _("Оплата")
    REGISTRATION = "registration", _("Регистрация")
    CLOSED = "closed", _("Закрыта")
    CANCELLED = "cancelled", _("Отменена")


CLOSED_DEAL_STAGES = (DealStage.CLOSED, DealStage.CANCELLED)


class CashbackStatus(models.TextChoices):
    NONE = "none", _("Не начислен")  # no rule applies (yet)
    ACCRUED = "accrued", _("Начислен")
    READY = "ready", _("Готов к выплате")
    PAID = "paid", _("Выплачен")
    CANCELLED = "cancelled", _("Отменён")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class CashbackRule(models.Model):
    """A percent of the price, optionally capped, for one complex, one developer or (neither) the whole site.

    The deal takes the rule valid on its opening day: complex beats developer beats the site's default."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("сайт"),
        on_delete=models.CASCADE,
        related_name="cashback_rules",
        help_text=_("Сайт, на сделках которого действует правило."),
    )
    name = models.CharField(_("название"), max_length=150, help_text=_("Например, «Акция ЖК Северный, весна»."))
    complex = models.ForeignKey(
        "catalog.ResidentialComplexPage",
        verbose_name=_("жилой комплекс"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cashback_rules",
        help_text=_("Только для этого комплекса. Правило комплекса важнее правила застройщика."),
    )
    developer = models.ForeignKey(
        "catalog.Developer",
        verbose_name=_("застройщик"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cashback_rules",
        help_text=_("Для всех комплексов застройщика. Без комплекса и застройщика правило общее для сайта."),
    )
    percent = models.DecimalField(
        _("процент от цены"), max_digits=5, decimal_places=2, help_text=_("Например, 1.5 — это 1,5 % от цены.")
    )
    cap = money_field(
        _("не больше, ₽"), null=True, blank=True, help_text=_("Предел суммы кэшбека по сделке; пусто — без предела.")
    )
    valid_from = models.DateField(_("действует с"), null=True, blank=True, help_text=_("Пусто — с любой даты."))
    valid_until = models.DateField(
        _("действует по"), null=True, blank=True, help_text=_("Включительно; пусто — бессрочно.")
    )
    is_active = models.BooleanField(_("включено"), default=True, help_text=_("Снимите, чтобы правило не применялось."))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("правило кэшбека")
        verbose_name_plural = _("правила кэшбека")
        ordering = ("site", "name")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gt=0, percent__lte=100), name="cashback_rule_percent_range"
            ),
            models.CheckConstraint(
                condition=models.Q(cap__isnull=True) | models.Q(cap__gt=0), name="cashback_rule_cap_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="cashback_rule_dates_order",
            ),
            models.CheckConstraint(
                condition=models.Q(complex__isnull=True) | models.Q(developer__isnull=True),
                name="cashback_rule_complex_or_developer",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scope_label(self):
        if self.complex_id:
            return _("ЖК «%(name)s»") % {"name": self.complex.title}
        if self.developer_id:
            return _("застройщик «%(name)s»") % {"name": self.developer.name}
        return _("все объекты сайта")

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.complex_id and self.developer_id:
            errors["developer"] = _("Укажите комплекс или застройщика, не оба сразу.")
        if self.percent is not None and not (0 < self.percent <= 100):
            errors["percent"] = _("Процент должен быть больше 0 и не больше 100.")
        if self.cap is not None and self.cap <= 0:
            errors["cap"] = _("Предел должен быть больше нуля.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Дата окончания раньше даты начала.")
        if errors:
            raise ValidationError(errors)


class Deal(models.Model):
    """A purchase by a lead's client: what, for how much, at which stage, and the cashback owed to the buyer."""

    lead = models.ForeignKey("leads.Lead", verbose_name=_("заявка"), on_delete=models.PROTECT, related_name="deals")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("покупатель"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        help_text=_("Аккаунт покупателя: он видит кэшбек и документы в личном кабинете."),
    )
    apartment = models.ForeignKey(
        "catalog.ApartmentPage",
        verbose_name=_("квартира"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    complex = models.ForeignKey(
        "catalog.ResidentialComplexPage",
        verbose_name=_("жилой комплекс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    developer = models.ForeignKey(
        "catalog.Developer",
        verbose_name=_("застройщик"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    # As it was when the deal was opened, so the deal still reads right if the pages change.
    object_title = models.CharField(_("объект"), max_length=255)
    price = money_field(_("цена, ₽"))
    currency = models.CharField(_("валюта"), max_length=3, default="RUB", editable=False)
    stage = models.CharField(_("этап сделки"), max_length=12, choices=DealStage.choices, default=DealStage.RESERVED)

    cashback_rule = models.ForeignKey(
        CashbackRule,
        verbose_name=_("правило кэшбека"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    cashback_percent = models.DecimalField(_("кэшбек, %"), max_digits=5, decimal_places=2, default=0)
    cashback_cap = money_field(_("предел кэшбека, ₽"), null=True, blank=True)
    cashback_amount = money_field(_("кэшбек, ₽"), default=0)
    cashback_status = models.CharField(
        _("статус кэшбека"), max_length=10, choices=CashbackStatus.choices, default=CashbackStatus.NONE
    )

    opened_on = models.DateField(_("дата брони"), help_text=_("По этой дате выбирается правило кэшбека."))
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("открыл"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("сделка")
        verbose_name_plural = _("сделки")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["lead"], condition=~models.Q(stage="cancelled"), name="deal_one_live_per_lead"
            ),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="deal_price_positive"),
            models.CheckConstraint(condition=models.Q(cashback_amount__gte=0), name="deal_cashback_not_negative"),
        ]
        indexes = [models.Index(fields=["cashback_status", "created_at"], name="deal_cashback_idx")]

    def __str__(self):
        return _("Сделка №%(id)s: %(object)s") % {"id": self.pk, "object": self.object_title}

    @property
    def is_open(self):
        return self.stage not in CLOSED_DEAL_STAGES


class DealEvent(models.Model):
    """One line of the deal's history: a stage or cashback status change, a price change, a document."""

    class What(models.TextChoices):
        OPENED = "opened", _("Сделка открыта")
        STAGE = "stage", _("Этап сделки")
        PRICE = "price", _("Цена")
        CASHBACK = "cashback", _("Кэшбек")
        DOCUMENT = "document", _("Документ")

    deal = models.ForeignKey(Deal, verbose_name=_("сделка"), on_delete=models.CASCADE, related_name="events")
    what = models.CharField(_("что"), max_length=10, choices=What.choices)
    from_value = models.CharField(_("было"), max_length=255, blank=True)
    to_value = models.CharField(_("стало"), max_length=255, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Пусто, если это сделала система."),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие сделки")
        verbose_name_plural = _("история сделки")
        ordering = ("created_at", "pk")

    def __str__(self):
        return f"{self.get_what_display()}: {self.from_value} → {self.to_value}"


@deconstructible
class DealDocumentStorage(FileSystemStorage):
    """Payout documents (contracts, acts, bank details) are personal: kept outside MEDIA_ROOT, with no
    public URL, and served only through the permission-checked view in leads/views_deals.py."""

    # Read on every use (not cached), so a test may point LEADS_DOCUMENTS_ROOT at a temporary folder.
    @property
    def base_location(self):
        return settings.LEADS_DOCUMENTS_ROOT

    @property
    def location(self):
        return os.path.abspath(settings.LEADS_DOCUMENTS_ROOT)

    @property
    def base_url(self):
        return None


deal_document_storage = DealDocumentStorage()


def document_path(instance, filename):
    return f"deals/{instance.deal_id}/{uuid.uuid4().hex}/{filename}"


class DealDocument(models.Model):
    deal = models.ForeignKey(Deal, verbose_name=_("сделка"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("название"), max_length=200, help_text=_("Например, «Акт о выплате кэшбека»."))
    file = models.FileField(_("файл"), upload_to=document_path, storage=deal_document_storage, max_length=300)
    content_type = models.CharField(_("тип файла"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("размер, байт"), editable=False)
    visible_to_buyer = models.BooleanField(
        _("видит покупатель"), default=True, help_text=_("Показывать документ покупателю в личном кабинете.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("загрузил"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ сделки")
        verbose_name_plural = _("документы сделки")
        ordering = ("uploaded_at", "pk")

    def __str__(self):
        return self.title

    @property
    def filename(self):
        return PurePath(self.file.name).name
