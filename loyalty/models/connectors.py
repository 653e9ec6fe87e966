"""Connectors: a partner's own system (CRM, booking, POS, clinic software) that the club reads purchases from."""

import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto

__all__ = ["Connector", "ConnectorRun"]


class Connector(models.Model):
    """One partner's system: which kind, where, the credentials (encrypted like door codes), the adapter's settings,
    and where the last sync stopped (`cursor`, saved only after a page's purchases are committed)."""

    encrypted_fields = ("credentials_encrypted",)  # re-encrypted by `manage.py rotate_encryption_key`

    class Kind(models.TextChoices):
        YCLIENTS = "yclients", "YCLIENTS"
        IIKO = "iiko", "iiko Cloud"
        BITRIX24 = "bitrix24", "Bitrix24"
        AMOCRM = "amocrm", "amoCRM"
        ONEC = "1c", _("1С (OData)")
        RENOVATIO = "renovatio", _("МИС Renovatio")
        CSV = "csv", _("CSV-файл по ссылке")

    class State(models.TextChoices):
        NEW = "new", _("ещё не запускался")
        RUNNING = "running", _("идёт синхронизация")
        OK = "ok", _("работает")
        ERROR = "error", _("ошибка")

    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), on_delete=models.CASCADE, related_name="club_connectors"
    )
    kind = models.CharField(_("система"), max_length=20, choices=Kind.choices)
    base_url = models.URLField(
        _("адрес API"), help_text=_("Например https://api.yclients.com/api/v1 или адрес портала Bitrix24.")
    )
    credentials_encrypted = models.TextField(_("доступы (зашифрованы)"), blank=True, editable=False)
    settings = models.JSONField(
        _("настройки"), default=dict, blank=True, help_text=_("Параметры системы: филиал, воронка, статус и т. п.")
    )
    enabled = models.BooleanField(_("включён"), default=True)
    note = models.CharField(
        _("заметка"), max_length=255, blank=True, help_text=_("Для себя: что это за подключение, чего не хватает.")
    )
    cursor = models.JSONField(_("курсор"), null=True, blank=True, editable=False)
    state = models.CharField(_("состояние"), max_length=10, choices=State.choices, default=State.NEW, editable=False)
    last_sync_at = models.DateTimeField(_("последняя синхронизация"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("последняя ошибка"), blank=True, editable=False)

    class Meta:
        verbose_name = _("интеграция партнёра")
        verbose_name_plural = _("интеграции партнёров")
        ordering = ["partner__title", "kind"]

    def __str__(self):
        return f"{self.partner} · {self.get_kind_display()}"

    @property
    def credentials(self) -> dict:
        return json.loads(crypto.decrypt(self.credentials_encrypted)) if self.credentials_encrypted else {}

    @credentials.setter
    def credentials(self, value: dict):
        self.credentials_encrypted = crypto.encrypt(json.dumps(value or {})) if value else ""


class ConnectorRun(models.Model):
    """One sync: what it read and did, and the rows it could not record with the reasons."""

    connector = models.ForeignKey(
        Connector, verbose_name=_("интеграция"), on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField(_("начало"))
    finished_at = models.DateTimeField(_("конец"), null=True, blank=True)
    fetched = models.PositiveIntegerField(_("получено"), default=0)
    created = models.PositiveIntegerField(_("новых покупок"), default=0)
    matched = models.PositiveIntegerField(_("с участницей"), default=0)
    waiting = models.PositiveIntegerField(_("ждут вступления"), default=0)
    skipped = models.PositiveIntegerField(_("пропущено"), default=0)
    failed = models.PositiveIntegerField(_("с ошибкой"), default=0)
    failed_rows = models.JSONField(_("строки с ошибкой"), default=list, blank=True)
    error = models.TextField(_("ошибка"), blank=True)

    class Meta:
        verbose_name = _("запуск интеграции")
        verbose_name_plural = _("запуски интеграций")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.connector} · {self.started_at:%Y-%m-%d %H:%M}"
