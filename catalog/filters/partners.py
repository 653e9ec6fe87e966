"""Filters of the club's partner list: category and city (by slug, as in the URLs).

The choices come from the cache (see catalog.filters), so rendering and validating the form costs no query."""

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.filters import cached_choices
from catalog.models import BusinessCategory, BusinessPage, City, label_expression


def reference_choices():
    """{"category": [(slug, name)], "city": [(slug, name)]}: every category, and only the cities where the club
    has live partners."""
    return cached_choices("partners", build_reference_choices)


def build_reference_choices():
    live_cities = BusinessPage.objects.live().values("city_id")
    return {
        "category": list(BusinessCategory.objects.values_list("slug", label_expression())),
        "city": list(City.objects.filter(pk__in=live_cities).values_list("slug", label_expression())),
    }


class BusinessFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Категория"), field_name="category__slug", empty_label=_("Все категории")
    )
    city = django_filters.ChoiceFilter(label=_("Город"), field_name="city__slug", empty_label=_("Все города"))

    class Meta:
        model = BusinessPage
        fields = ("category", "city")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = reference_choices()  # one cache read for both lists
        for name in ("category", "city"):
            self.filters[name].extra["choices"] = choices[name]
