"""Filters of the club's partner list: category and city (by slug, as in the URLs).

The choices come from the cache (one entry per list), so rendering and validating the form costs no query;
`catalog.partners_signals` drops the entries whenever cities, categories, partners or events change."""

import django_filters
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessCategory, BusinessPage, City

CHOICES_TIMEOUT = 60 * 60
CHOICES_KEY = "catalog:svoykrug:choices:{}"
CHOICE_LISTS = ("categories", "business-cities", "event-cities")


def cached_choices(name, build):
    return cache.get_or_set(CHOICES_KEY.format(name), lambda: list(build()), CHOICES_TIMEOUT)


def forget_choices():
    cache.delete_many([CHOICES_KEY.format(name) for name in CHOICE_LISTS])


def category_choices():
    return cached_choices("categories", lambda: BusinessCategory.objects.values_list("slug", "name"))


def business_city_choices():
    """Only the cities where the club has live partners."""
    return cached_choices(
        "business-cities",
        lambda: City.objects.filter(pk__in=BusinessPage.objects.live().values("city_id")).values_list("slug", "name"),
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
