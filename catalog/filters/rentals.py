"""Search over ЖильеGO properties (seed 003, scenario 1): place, class, type, rooms, price, amenities, rating.

Bad input (text in a number, an unknown slug or id) is left out of the search and shown as a form error."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Amenity, City, District, HousingClass, PropertyType, RentalPropertyPage

ROOM_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4+")]
RATING_CHOICES = [("4.5", "4,5+"), ("4", "4+"), ("3.5", "3,5+"), ("3", "3+")]
MAX_PRICE = 10**9


def rental_cities():
    return City.objects.filter(rental_properties__isnull=False).distinct()


class RentalFilterSet(django_filters.FilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("Город"), queryset=City.objects.none(), to_field_name="slug", empty_label=_("Любой")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Район"), queryset=District.objects.none(), empty_label=_("Любой")
    )
    housing_class = django_filters.ModelChoiceFilter(
        label=_("Класс жилья"), queryset=HousingClass.objects.all(), to_field_name="slug", empty_label=_("Любой")
    )
    property_type = django_filters.ModelChoiceFilter(
        label=_("Тип жилья"), queryset=PropertyType.objects.all(), to_field_name="slug", empty_label=_("Любой")
    )
    rooms = django_filters.MultipleChoiceFilter(
        label=_("Комнат"), choices=ROOM_CHOICES, method="filter_rooms", widget=forms.CheckboxSelectMultiple
    )
    price_min = django_filters.NumberFilter(
        label=_("Цена за сутки от, ₸"),
        field_name="price_per_night",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_PRICE,
    )
    price_max = django_filters.NumberFilter(
        label=_("Цена за сутки до, ₸"),
        field_name="price_per_night",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_PRICE,
    )
    amenities = django_filters.ModelMultipleChoiceFilter(
        label=_("Удобства (все отмеченные)"),
        field_name="amenities__slug",
        queryset=Amenity.objects.all(),
        to_field_name="slug",
        conjoined=True,
        widget=forms.CheckboxSelectMultiple,
    )
    rating = django_filters.ChoiceFilter(
        label=_("Рейтинг от"), choices=RATING_CHOICES, method="filter_rating", empty_label=_("Любой")
    )

    class Meta:
        model = RentalPropertyPage
        fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = rental_cities()
        self.filters["city"].queryset = cities
        districts = District.objects.filter(city__in=cities)
        city_slug = (self.data or {}).get("city")
        if city_slug:
            districts = districts.filter(city__slug=city_slug)  # a district must be in the chosen city
        self.filters["district"].queryset = districts.order_by("city__sort_order", "sort_order", "name")

    def filter_rooms(self, queryset, name, value):
        condition = Q(rooms__in=[int(choice) for choice in value if choice != "4"])
        if "4" in value:
            condition |= Q(rooms__gte=4)
        return queryset.filter(condition)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(rating_count__gt=0, rating_avg__gte=Decimal(value))
