"""Search over ЖильеGO properties (seed 003, scenario 1): place, class, type, rooms, price, amenities, rating.

The choices come from the reference lists, cached (see catalog.filters), so the form costs no query. Bad input
(text in a number, an unknown slug or id) is left out of the search and shown as a form error."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from catalog.filters import cached_choices
from catalog.models import Amenity, City, District, HousingClass, PropertyType, RentalPropertyPage, label_expression
from catalog.stay_dates import DateInput, StayDatesSearchForm

ROOM_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4+")]
RATING_CHOICES = [("4.5", "4,5+"), ("4", "4+"), ("3.5", "3,5+"), ("3", "3+")]
MAX_PRICE = 10**9


def reference_choices():
    """{"city": [(slug, name)], "district": [(id, name, city slug)], "housing_class": ..., ...}, cached."""
    return cached_choices("rentals", build_reference_choices)


def build_reference_choices():
    label = label_expression()
    cities = list(City.objects.filter(rental_properties__isnull=False).distinct().values_list("slug", label))
    districts = District.objects.filter(city__slug__in=[slug for slug, _name in cities])
    return {
        "city": cities,
        "district": list(
            districts.order_by("city__sort_order", "sort_order", "name").values_list("pk", label, "city__slug")
        ),
        "housing_class": list(HousingClass.objects.values_list("slug", label)),
        "property_type": list(PropertyType.objects.values_list("slug", label)),
        "amenities": list(Amenity.objects.values_list("slug", label)),
    }


class RentalFilterSet(django_filters.FilterSet):
    # Free on these dates (seed 003, «Устойчивость к конкуренции»); the form checks the pair; shown first.
    check_in = django_filters.DateFilter(label=_("Заезд"), method="filter_free_dates", widget=DateInput())
    check_out = django_filters.DateFilter(label=_("Выезд"), method="filter_free_dates", widget=DateInput())
    city = django_filters.ChoiceFilter(label=_("Город"), field_name="city__slug", empty_label=_("Любой"))
    district = django_filters.ChoiceFilter(label=_("Район"), field_name="district", empty_label=_("Любой"))
    housing_class = django_filters.ChoiceFilter(
        label=_("Класс жилья"), field_name="housing_class__slug", empty_label=_("Любой")
    )
    property_type = django_filters.ChoiceFilter(
        label=_("Тип жилья"), field_name="property_type__slug", empty_label=_("Любой")
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
    amenities = django_filters.MultipleChoiceFilter(
        label=_("Удобства (все отмеченные)"),
        field_name="amenities__slug",
        conjoined=True,
        widget=forms.CheckboxSelectMultiple,
    )
    rating = django_filters.ChoiceFilter(
        label=_("Рейтинг от"), choices=RATING_CHOICES, method="filter_rating", empty_label=_("Любой")
    )

    class Meta:
        model = RentalPropertyPage
        fields: tuple = ()
        form = StayDatesSearchForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = reference_choices()
        for name in ("city", "housing_class", "property_type", "amenities"):
            self.filters[name].extra["choices"] = choices[name]
        districts = choices["district"]
        city = (self.data or {}).get("city")
        if city:
            districts = [district for district in districts if district[2] == city]  # must be in the chosen city
        city_names = dict(choices["city"]) if len(choices["city"]) > 1 else {}
        self.filters["district"].extra["choices"] = [
            (str(pk), f"{name} ({city_names[city_slug]})" if city_names else name) for pk, name, city_slug in districts
        ]

    def filter_rooms(self, queryset, name, value):
        condition = Q(rooms__in=[int(choice) for choice in value if choice != "4"])
        if "4" in value:
            condition |= Q(rooms__gte=4)
        return queryset.filter(condition)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(rating_count__gt=0, rating_avg__gte=Decimal(value))

    def filter_free_dates(self, queryset, name, value):
        """Leave out properties booked or closed on any night of the stay (applied once, for check-in).

        Bookings knows which nights are taken: it registers `filter_rentals_free_on` (bookings/wagtail_hooks.py)."""
        check_out = self.form.cleaned_data.get("check_out")
        if name != "check_in" or not check_out:
            return queryset
        for free_on in hooks.get_hooks("filter_rentals_free_on"):
            queryset = free_on(queryset, value, check_out)
        return queryset
