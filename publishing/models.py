"""Cross-posting records: the platform accounts (with their encrypted token) and one publication per
(car ad, platform) with its state, the post's id and URL on the platform, attempts and the last error.
The states change only in publishing.services (the table of allowed transitions is there)."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto
from integrations.crossposting import get_adapter


class PlatformAccount(models.Model):
    """Where ads are cross-posted: one account per platform (a Telegram channel, a VK community, an Instagram
    account). The token is encrypted with the door-code keys (core.crypto) and never shown back."""

    encrypted_fields = ("token_encrypted",)  # re-encrypted by `manage.py rotate_encryption_key`

    class Platform(models.TextChoices):
        TELEGRAM = "telegram", _("Telegram-канал")
        VK = "vk", _("ВКонтакте")
        INSTAGRAM = "instagram", _("Instagram")

    platform = models.CharField(_("площадка"), max_length=20, choices=Platform.choices, unique=True)
    name = models.CharField(_("название"), max_length=100, help_text=_("Например, «Канал @avtofamily»."))
    target = models.CharField(
        _("канал / стена / аккаунт"),
        max_length=100,
        blank=True,
        help_text=_(
            "Telegram: @имя канала или его числовой id; ВКонтакте: id сообщества со знаком минус (-123456); "
            "Instagram: id профессионального аккаунта."
        ),
    )
    base_url = models.URLField(
        _("адрес API"), blank=True, help_text=_("Пусто — официальный адрес площадки. Меняют только для проверки.")
    )
    token_encrypted = models.TextField(_("токен (зашифрован)"), blank=True, editable=False)
    token_changed_at = models.DateTimeField(_("токен изменён"), null=True, blank=True, editable=False)
    enabled = models.BooleanField(
        _("включена"), default=True, help_text=_("Выключенная площадка ничего не отправляет.")
    )
    auto_publish = models.BooleanField(
        _("публиковать новые объявления"),
        default=False,
        help_text=_("Каждое опубликованное на сайте объявление само встаёт в очередь на эту площадку."),
    )
    rate_per_minute = models.PositiveSmallIntegerField(
        _("не больше запросов в минуту"),
        default=20,
        help_text=_("Лимит площадки: Telegram — до 20 сообщений в минуту в канал."),
    )

    class Meta:
        verbose_name = _("площадка кросспостинга")
        verbose_name_plural = _("площадки кросспостинга")
        ordering = ("platform",)

    def __str__(self):
        return f"{self.get_platform_display()}: {self.name}"

    @property
    def token(self) -> str:
        return crypto.decrypt(self.token_encrypted) if self.token_encrypted else ""

    @token.setter
    def token(self, value: str):
        self.token_encrypted = crypto.encrypt(value) if value else ""

    @property
    def has_token(self):
        return bool(self.token_encrypted)

    @property
    def is_configured(self):
        return self.has_token and bool(self.target)

    def adapter(self):
        return get_adapter(
            self.platform,
            base_url=self.base_url or settings.PUBLISHING_API_URLS[self.platform],
            token=self.token,
            target=self.target,
            timeout=settings.PUBLISHING_TIMEOUT,
        )


class Publication(models.Model):
    """One car ad on one platform."""

    class State(models.TextChoices):
        QUEUED = "queued", _("В очереди")
        PUBLISHING = "publishing", _("Отправляется")
        PUBLISHED = "published", _("Опубликовано")
        FAILED = "failed", _("Ошибка")
        UNKNOWN = "unknown", _("Неизвестно")
        WITHDRAWN = "withdrawn", _("Снято")

    class Action(models.TextChoices):
        PUBLISH = "publish", _("публикация")
        UPDATE = "update", _("обновление")
        WITHDRAW = "withdraw", _("снятие")

    # A deleted ad leaves its publications (the history, the report) with its title and address kept below.
    ad = models.ForeignKey(
        "catalog.CarAdPage",
        verbose_name=_("объявление"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ad_title = models.CharField(_("название объявления"), max_length=255, blank=True)
    ad_url = models.URLField(_("адрес объявления"), max_length=500, blank=True)
    account = models.ForeignKey(
        PlatformAccount, verbose_name=_("площадка"), on_delete=models.PROTECT, related_name="publications"
    )
    state = models.CharField(_("состояние"), max_length=12, choices=State.choices, default=State.QUEUED)
    action = models.CharField(
        _("действие"),
        max_length=10,
        choices=Action.choices,
        default=Action.PUBLISH,
        help_text=_("Что делается сейчас."),
    )
    external_id = models.CharField(_("id на площадке"), max_length=200, blank=True)
    external_url = models.URLField(_("ссылка на площадке"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    publish_at = models.DateTimeField(_("опубликовать в"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("снята"), null=True, blank=True)

    class Meta:
        verbose_name = _("публикация")
        verbose_name_plural = _("публикации")
        ordering = ("-updated_at", "-pk")
        permissions = (("republish_publication", _("Может отправлять публикации снова и проверять их")),)
        constraints = [models.UniqueConstraint(fields=["ad", "account"], name="one_publication_per_ad_and_platform")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="publication_due_idx")]

    def __str__(self):
        return f"{self.ad_title or self.ad_id} → {self.account_id}: {self.get_state_display()}"

    @admin.display(description=_("объявление"))
    def ad_label(self):
        """The ad's title, also once the ad is deleted."""
        if self.ad_id is None:
            return _("%(title)s (удалено)") % {"title": self.ad_title or "—"}
        return self.ad.title


class PublicationEvent(models.Model):
    """One transition of a publication: the history on its page."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("когда"), auto_now_add=True)
    from_state = models.CharField(_("было"), max_length=12, blank=True)
    to_state = models.CharField(_("стало"), max_length=12)
    action = models.CharField(_("действие"), max_length=10)
    note = models.TextField(_("примечание"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("событие публикации")
        verbose_name_plural = _("события публикаций")
        ordering = ("at", "pk")

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


__all__ = ["PlatformAccount", "Publication", "PublicationEvent"]
