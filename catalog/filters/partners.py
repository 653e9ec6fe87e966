"""Filters of the club's partner list: category and city (by slug, as in the URLs).

The choices come from the cache (see catalog.filters), so rendering and validating the form costs no query."""

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.filters import cached_choices
from catalog.models import BusinessCategory, BusinessPage, City


def category_choices():
    return cached_choices("partner-categories", lambda: list(BusinessCategory.objects.values_list("slug", "name")))


def business_city_choices():
    """Only the cities where the club has live partners."""
    return cached_choices(
        "partner-cities",
        lambda: list(
            City.objects.filter(pk__in=BusinessPage.objects.live().values("city_id")).values_list("slug", "name")
        ),
    )


class BusinessFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Категория"), field_name="category__slug", choices=category_choices, empty_label=_("Все категории")
    )
    city = django_filters.ChoiceFilter(
        label=_("Город"), field_name="city__slug", choices=business_city_choices, empty_label=_("Все города")
    )

    class Meta:
        model = BusinessPage
        fields = ("category", "city")
