"""Filters of the new-build catalog: complexes (by their apartments on sale) and apartments.

Prices are entered in millions of roubles. Invalid input is ignored and shown as a form error."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.filters import PlainSelect, cached_choices, cached_long_choices
from catalog.models import (
    ApartmentPage,
    City,
    Developer,
    District,
    HousingClass,
    ResidentialComplexPage,
)

MILLION = Decimal(1_000_000)
MANY_ROOMS = 4
ROOM_CHOICES = [("0", _("Студия")), ("1", "1"), ("2", "2"), ("3", "3"), ("4", _("4 и больше"))]
APARTMENT_FIELDS = ("rooms", "price_from", "price_to", "area_from", "area_to")


def completion_choices():
    year = timezone.localdate().year
    return [(str(option), _("до конца %(year)s года") % {"year": option}) for option in range(year, year + 6)]


def reference_choices():
    """Options of the reference filters, cached (see catalog.filters)."""
    return cached_choices("realty", build_reference_choices)


def build_reference_choices():
    districts = District.objects.filter(city__country="RU").select_related("city").order_by("city__name", "name")
    return {
        "city": [(city.slug, city.label) for city in City.objects.filter(country="RU")],
        "district": [(str(district.pk), f"{district.city.label}: {district.label}") for district in districts],
        "developer": [(developer.slug, developer.label) for developer in Developer.objects.all()],
        "housing_class": [(item.slug, item.label) for item in HousingClass.objects.all()],
    }


REFERENCE_FILTERS = ("city", "district", "developer", "housing_class")


def reference_filter(label, empty_label, field_name):
    """A select over a reference list; its options are set per filterset from reference_choices()."""
    return django_filters.ChoiceFilter(label=label, field_name=field_name, empty_label=empty_label)


def apartment_condition(data, prefix=""):
    """One Q for the apartment-level fields, so that rooms, price and area must match the SAME apartment."""
    condition = Q()
    rooms = data.get("rooms")
    if rooms:
        by_rooms = Q()
        for value in rooms:
            number = int(value)
            by_rooms |= Q(rooms__gte=number) if number >= MANY_ROOMS else Q(rooms=number)
        condition &= by_rooms
    bounds = {
        "price_from": ("price__gte", MILLION),
        "price_to": ("price__lte", MILLION),
        "area_from": ("area__gte", 1),
        "area_to": ("area__lte", 1),
    }
    for name, (lookup, factor) in bounds.items():
        value = data.get(name)
        if value is not None:
            condition &= Q(**{lookup: value * factor})
    return condition


def number_filter(label):
    """A number typed the Russian way or not (12,5 and 12.5), never negative."""
    return django_filters.NumberFilter(
        label=label,
        method="by_apartment",
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class RealtyFilterSet(django_filters.FilterSet):
    city = reference_filter(_("Город"), _("Все города"), "city__slug")
    district = reference_filter(_("Район"), _("Все районы"), "district")
    rooms = django_filters.MultipleChoiceFilter(
        label=_("Комнат"), choices=ROOM_CHOICES, widget=forms.CheckboxSelectMultiple, method="by_apartment"
    )
    price_from = number_filter(_("Цена от, млн ₽"))
    price_to = number_filter(_("Цена до, млн ₽"))
    area_from = number_filter(_("Площадь от, м²"))
    area_to = number_filter(_("Площадь до, м²"))
    completion = django_filters.ChoiceFilter(
        label=_("Срок сдачи"), choices=completion_choices, method="by_completion", empty_label=_("Любой")
    )
    developer = reference_filter(_("Застройщик"), _("Все застройщики"), "developer__slug")
    housing_class = reference_filter(_("Класс"), _("Любой"), "housing_class__slug")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = reference_choices()  # one cache read for the four lists
        for name in REFERENCE_FILTERS:
            self.filters[name].extra["choices"] = choices[name]

    def by_apartment(self, queryset, name, value):
        return queryset  # combined into one condition in filter_queryset()


class ComplexFilterSet(RealtyFilterSet):
    """Complexes; rooms, price and area select complexes with a matching apartment on sale."""

    class Meta:
        model = ResidentialComplexPage
        fields = ("city", "district", "rooms", "price_from", "price_to", "area_from", "area_to", "completion")

    def by_completion(self, queryset, name, value: str):
        return queryset.filter(ready_year__lte=int(value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if any(data.get(name) not in (None, "", []) for name in APARTMENT_FIELDS):
            matching = ApartmentPage.objects.filter(
                apartment_condition(data),
                complex_id=OuterRef("pk"),
                live=True,
                status=ApartmentPage.Status.AVAILABLE,
            )
            queryset = queryset.filter(Exists(matching))
        return queryset


def complex_choices(index_page=None):
    """(id, title) of the live complexes of a catalog (of every catalog without one), cached: forgotten when a
    complex is published, unpublished or deleted (catalog.signals)."""

    def build():
        complexes = ResidentialComplexPage.objects.live().order_by("title")
        if index_page is not None:
            complexes = complexes.child_of(index_page)
        return [(str(pk), title) for pk, title in complexes.values_list("pk", "title")]

    return cached_long_choices(f"complexes-{index_page.pk if index_page else 'all'}", build)


class ApartmentFilterSet(RealtyFilterSet):
    """Apartments of a catalog, by their own figures and by their complex's."""

    city = reference_filter(_("Город"), _("Все города"), "complex__city__slug")
    district = reference_filter(_("Район"), _("Все районы"), "complex__district")
    # Options cached as (id, title) pairs: a catalog may list a thousand complexes (see complex_choices()).
    complex = django_filters.ChoiceFilter(
        label=_("Жилой комплекс"), field_name="complex", empty_label=_("Все комплексы"), widget=PlainSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Статус"), choices=ApartmentPage.Status.choices, empty_label=_("Любой")
    )
    finishing = django_filters.ChoiceFilter(
        label=_("Отделка"), choices=ApartmentPage.Finishing.choices, empty_label=_("Любая")
    )
    developer = reference_filter(_("Застройщик"), _("Все застройщики"), "complex__developer__slug")
    housing_class = reference_filter(_("Класс"), _("Любой"), "complex__housing_class__slug")

    class Meta:
        model = ApartmentPage
        fields = ("city", "district", "complex", "rooms", "price_from", "price_to", "area_from", "area_to", "status")

    def __init__(self, *args, index_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["complex"].extra["choices"] = complex_choices(index_page)

    def by_completion(self, queryset, name, value: str):
        year = int(value)
        return queryset.filter(
            Q(building__completion_year__lte=year)
            | Q(building__completion_year__isnull=True, complex__completion_year__lte=year)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.filter(apartment_condition(self.form.cleaned_data))
