"""Filters of the upcoming club events: month, city, member tier, free only."""

from datetime import datetime

import django_filters
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from catalog.filters import cached_choices
from catalog.models import City, EventPage, Tier, label_expression, partners

MONTHS_AHEAD = 12


def month_choices():
    """This month and the next eleven, as ("2025-11", "Ноябрь 2025")."""
    current = partners.today().replace(day=1)
    choices = []
    for offset in range(MONTHS_AHEAD):
        year, month = divmod(current.month - 1 + offset, 12)
        first = current.replace(year=current.year + year, month=month + 1)
        choices.append((first.strftime("%Y-%m"), formats.date_format(first, "F Y")))
    return choices


def event_city_choices():
    """Only the cities where the club holds live events."""
    live_cities = EventPage.objects.live().values("city_id")
    return cached_choices(
        "event-cities", lambda: list(City.objects.filter(pk__in=live_cities).values_list("slug", label_expression()))
    )


def month_bounds(value):
    """'2025-11' -> the aware start of that month and of the next one, in the site's time zone."""
    year, month = (int(part) for part in value.split("-"))
    following_year, following_month = divmod(month, 12)
    return (
        timezone.make_aware(datetime(year, month, 1)),
        timezone.make_aware(datetime(year + following_year, following_month + 1, 1)),
    )


class EventFilterSet(django_filters.FilterSet):
    month = django_filters.ChoiceFilter(
        label=_("Месяц"), choices=month_choices, method="filter_month", empty_label=_("Любой месяц")
    )
    city = django_filters.ChoiceFilter(
        label=_("Город"), field_name="city__slug", choices=event_city_choices, empty_label=_("Все города")
    )
    tier = django_filters.ChoiceFilter(
        label=_("Мой статус"), choices=Tier.choices, method="filter_tier", empty_label=_("Любой статус")
    )
    free = django_filters.BooleanFilter(label=_("Только бесплатные"), method="filter_free", widget=forms.CheckboxInput)

    class Meta:
        model = EventPage
        fields = ("month", "city", "tier", "free")

    def filter_month(self, queryset, name, value):
        """Events that take place (at least partly) in that month."""
        start, following = month_bounds(value)
        return queryset.filter(start__lt=following, end__gte=start)

    def filter_tier(self, queryset, name, value):
        # `allowed_tiers` is a JSON list; matching the quoted code in its text works on SQLite and PostgreSQL.
        return queryset.filter(allowed_tiers__icontains=f'"{value}"')

    def filter_free(self, queryset, name, value):
        return queryset.filter(price=0) if value else queryset
