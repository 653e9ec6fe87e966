"""API keys of partners (dealers, developers) and the stored answers of idempotent writes."""

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ApiKey", "IdempotentRequest", "Scope"]

PREFIX_BYTES = 6  # 8 characters of base64: enough to find the key, useless without the secret
SECRET_BYTES = 32


class Scope(models.TextChoices):
    LEADS = "leads", _("Заявки и тест-драйвы")
    CARS_WRITE = "cars:write", _("Объявления об автомобилях: создание, правка, статусы")
    APARTMENTS_WRITE = "apartments:write", _("Квартиры застройщика: загрузка и цены")


def hash_secret(secret: str) -> str:
    # The secret is 256 random bits, so a plain SHA-256 is as strong as a slow hash here and costs nothing per call.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key: `<prefix>.<secret>` in the `Authorization: Api-Key …` header. Only the secret's hash is
    kept; the whole key is shown once, when it is created."""

    name = models.CharField(_("название"), max_length=100, help_text=_("Для кого и зачем, например «Фид дилера»."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("владелец"),
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_("Ключ действует с правами этого пользователя на страницы сайта."),
    )
    scopes = models.JSONField(_("права"), default=list, blank=True, help_text=_("Что можно делать с этим ключом."))
    prefix = models.CharField(_("префикс"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("создан"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")
        ordering: ClassVar[list] = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_secret(self) -> str:
        """Give the key a fresh prefix and secret; returns the full key, which is not stored anywhere."""
        self.prefix = secrets.token_urlsafe(PREFIX_BYTES).replace("-", "x").replace("_", "y")
        secret = secrets.token_urlsafe(SECRET_BYTES)
        self.secret_hash = hash_secret(secret)
        return f"{self.prefix}.{secret}"

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in (self.scopes or [])

    def revoke(self, now=None):
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            self.save(update_fields=["revoked_at"])


class IdempotentRequest(models.Model):
    """The first answer to a write with an `Idempotency-Key`, written in the same transaction as the write."""

    client = models.CharField(max_length=80, help_text="«key:<id>» or «ip:<address>»: whose key it is.")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("идемпотентный запрос")
        verbose_name_plural = _("идемпотентные запросы")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["client", "key"], name="unique_api_idempotency_key"),
        ]

    def __str__(self):
        return f"{self.client} {self.key}"
