from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Эл. почта")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    WEBPUSH = "webpush", _("Push в браузере")


class Notification(models.Model):
    """One message to one address over one channel: the outbox row a Celery task delivers.

    It is written in the same transaction as the event it tells about, with the text already
    rendered, so what was sent (or failed) stays readable here. Only services.py changes the status.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("ждёт отправки")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("не доставлено")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("получатель"),
        help_text=_("Пусто, если сообщение ушло на адрес без учётной записи."),
    )
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("вид"), max_length=64, help_text=_("Ключ вида уведомления, например booking.confirmed."))
    address = models.CharField(
        _("адрес"), max_length=1000, help_text=_("Email, телефон, чат Telegram или адрес push-подписки.")
    )
    language = models.CharField(_("язык"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("тема"), max_length=255, blank=True)
    body = models.TextField(_("текст"))
    body_html = models.TextField(_("HTML письма"), blank=True)
    link = models.CharField(_("ссылка"), max_length=500, blank=True, help_text=_("Куда ведёт push-уведомление."))
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The dispatcher's question: which pending messages are due?
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="notification_due"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["status", "-created_at"], name="notification_status"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.get_channel_display()} {self.address}"


class NotificationPreference(models.Model):
    """A user's own choice for one kind on one channel. Without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("вид"), max_length=64)
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(_("включено"))

    class Meta:
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="unique_notification_preference")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.channel}: {self.enabled}"


class TelegramLink(models.Model):
    """The Telegram chat where our bot writes to this user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_link")
    chat_id = models.BigIntegerField(_("чат Telegram"), unique=True)
    username = models.CharField(_("имя в Telegram"), max_length=64, blank=True)
    linked_at = models.DateTimeField(_("привязан"), auto_now_add=True)

    class Meta:
        verbose_name = _("привязка Telegram")
        verbose_name_plural = _("привязки Telegram")

    def __str__(self):
        return f"{self.user} → {self.chat_id}"


class PushSubscription(models.Model):
    """A browser's web push subscription (PushSubscription.toJSON() in the browser)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(_("адрес push-сервиса"), max_length=1000, unique=True)
    p256dh = models.CharField(_("ключ p256dh"), max_length=128)
    auth = models.CharField(_("ключ auth"), max_length=64)
    user_agent = models.CharField(_("браузер"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("push-подписка")
        verbose_name_plural = _("push-подписки")

    def __str__(self):
        return f"{self.user} {self.endpoint[:60]}"
