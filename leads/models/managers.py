"""Sales managers: which sites they take leads for, whether they take them now, when they work."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


def default_work_days():
    return [1, 2, 3, 4, 5]  # ISO weekdays, Monday = 1


class ManagerProfile(ClusterableModel):  # clusterable: days off are edited inline
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("сотрудник"),
        on_delete=models.CASCADE,
        related_name="manager_profile",
    )
    sites = models.ManyToManyField(
        "wagtailcore.Site", verbose_name=_("сайты"), related_name="manager_profiles", blank=True
    )
    is_active = models.BooleanField(
        _("принимает заявки"), default=True, help_text=_("Снимите, чтобы новые заявки ему не назначались.")
    )
    is_head_of_sales = models.BooleanField(
        _("руководитель отдела продаж"),
        default=False,
        help_text=_("Видит все заявки своих сайтов, отчёты и может переназначать."),
    )
    work_days = models.JSONField(_("рабочие дни"), default=default_work_days)
    work_start = models.TimeField(_("начало рабочего дня"), default=time(9, 0))
    work_end = models.TimeField(_("конец рабочего дня"), default=time(18, 0))
    # Round robin among managers with equally few open leads: the one assigned longest ago goes first.
    last_assigned_at = models.DateTimeField(_("последнее назначение"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("менеджер по продажам")
        verbose_name_plural = _("менеджеры по продажам")

    def __str__(self):
        return str(self.user)

    def clean(self):
        errors = {}
        if self.work_start and self.work_end and self.work_end <= self.work_start:
            errors["work_end"] = _("Конец рабочего дня должен быть позже его начала.")
        days = self.work_days or []
        if not days:
            errors["work_days"] = _("Отметьте хотя бы один рабочий день.")
        elif any(day not in range(1, 8) for day in days):
            errors["work_days"] = _("Рабочие дни — числа от 1 (понедельник) до 7 (воскресенье).")
        if errors:
            raise ValidationError(errors)


class ManagerDayOff(models.Model):
    manager = ParentalKey(ManagerProfile, verbose_name=_("менеджер"), on_delete=models.CASCADE, related_name="days_off")
    starts_on = models.DateField(_("с"))
    ends_on = models.DateField(_("по (включительно)"))
    reason = models.CharField(_("причина"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("выходной менеджера")
        verbose_name_plural = _("выходные менеджеров")
        ordering = ("starts_on",)
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="dayoff_dates_order")
        ]

    def __str__(self):
        return f"{self.manager}: {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Последний выходной не может быть раньше первого.")})
