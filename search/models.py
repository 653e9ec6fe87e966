"""The query log each site keeps: how often a query was searched on a day, and what it found last time."""

from typing import ClassVar

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.utils import normalise_query_string

__all__ = ["SearchQueryDay"]


class SearchQueryDay(models.Model):
    """One query on one site on one day: how many searches, how many pages the last one found.

    Editors read it as the zero-results report (search/admin_views.py); Wagtail's own query log
    (wagtail.contrib.search_promotions) is global and knows nothing of sites or of results."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("сайт"), on_delete=models.CASCADE, related_name="+")
    query_string = models.CharField(_("запрос"), max_length=255)
    date = models.DateField(_("дата"))
    searches = models.PositiveIntegerField(_("поисков"), default=0)
    results = models.PositiveIntegerField(_("найдено"), default=0)

    class Meta:
        verbose_name = _("запрос поиска за день")
        verbose_name_plural = _("запросы поиска по дням")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["site", "query_string", "date"], name="search_query_day_unique"),
        ]
        indexes: ClassVar[list] = [models.Index(fields=["site", "date", "results"], name="search_query_day_report_idx")]

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, site, query_string, results, date=None):
        """Count one search; two at once on the same new row both count (the loser of the insert updates)."""
        query_string = normalise_query_string(query_string)[:255]
        key = {"site": site, "query_string": query_string, "date": date or timezone.localdate()}
        if cls.objects.filter(**key).update(searches=F("searches") + 1, results=results):
            return
        try:
            with transaction.atomic():
                cls.objects.create(**key, searches=1, results=results)
        except IntegrityError:
            cls.objects.filter(**key).update(searches=F("searches") + 1, results=results)
