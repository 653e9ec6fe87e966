"""A partner's file of purchases being imported (loyalty.services.imports): its progress and summary."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ImportJob"]


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file. `content` holds the file until the import ends (then it is emptied: the rows
    carry customers' phones); the counters move batch by batch, so the progress page can show them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("готово")
        FAILED = "failed", _("ошибка")

    partner = models.ForeignKey(
        "catalog.BusinessPage", verbose_name=_("партнёр"), on_delete=models.CASCADE, related_name="club_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто загрузил"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("файл"), max_length=255)
    content = models.BinaryField(_("содержимое"), editable=False)
    status = models.CharField(_("состояние"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("строк"), default=0)
    processed = models.PositiveIntegerField(_("обработано"), default=0)
    created = models.PositiveIntegerField(_("новых покупок"), default=0)
    matched = models.PositiveIntegerField(_("найдены участницы"), default=0)
    waiting = models.PositiveIntegerField(_("ждут участницу"), default=0)
    skipped = models.PositiveIntegerField(_("повторы"), default=0)
    refused = models.PositiveIntegerField(_("отклонено"), default=0)
    errors = models.JSONField(_("отклонённые строки"), default=list, blank=True)
    error = models.CharField(_("ошибка"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)

    class Meta:
        verbose_name = _("загрузка покупок")
        verbose_name_plural = _("загрузки покупок")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed / self.total_rows) if self.total_rows else 0
