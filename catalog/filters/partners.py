"""Filters of the club's partner list: category and city (by slug, as in the URLs)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.models import BusinessCategory, BusinessPage, City


class BusinessFilterSet(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Категория"),
        queryset=BusinessCategory.objects.all(),
        to_field_name="slug",
        empty_label=_("Все категории"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Город"),
        queryset=City.objects.filter(partner_businesses__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("Все города"),
    )

    class Meta:
        model = BusinessPage
        fields = ("category", "city")
