"""A dealer's file of car ads being checked and imported (catalog.car_import): its rows' fate and progress."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CarImportJob"]


class CarImportJob(models.Model):
    """One uploaded CSV/XLSX file (and its ZIP of photos) for one car catalog.

    First checked (a dry run: what would be created, changed, left as is and refused, row by row), then, when
    the user confirms, imported. The file is kept until the import ends; `report` holds the rows' outcome."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("проверяется")
        CHECKED = "checked", _("проверен, ждёт подтверждения")
        IMPORTING = "importing", _("загружается")
        DONE = "done", _("загружен")
        FAILED = "failed", _("ошибка")

    index = models.ForeignKey(
        "catalog.CarIndexPage", verbose_name=_("каталог"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто загрузил"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("файл"), max_length=255)
    content = models.BinaryField(_("содержимое"), editable=False)
    photos = models.BinaryField(_("архив фотографий"), editable=False, blank=True, default=b"")
    status = models.CharField(_("состояние"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    total_rows = models.PositiveIntegerField(_("строк"), default=0)
    processed = models.PositiveIntegerField(_("обработано"), default=0)
    created = models.PositiveIntegerField(_("новых"), default=0)
    updated = models.PositiveIntegerField(_("изменённых"), default=0)
    unchanged = models.PositiveIntegerField(_("без изменений"), default=0)
    refused = models.PositiveIntegerField(_("отклонено"), default=0)
    report = models.JSONField(_("строки"), default=list, blank=True)
    error = models.CharField(_("ошибка"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)

    class Meta:
        verbose_name = _("загрузка автомобилей")
        verbose_name_plural = _("загрузки автомобилей")
        ordering: ClassVar[list] = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def percent(self):
        if self.status in (self.Status.CHECKED, self.Status.DONE):
            return 100
        return int(100 * self.processed / self.total_rows) if self.total_rows else 0

    @property
    def running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)
