"""Filters of the car catalog. Wrong input never fails the page: the field shows its error and is ignored.

The options of the selects come from the reference lists, cached (see catalog.filters), so the filter form costs
no query."""

import django_filters
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.filters import cached_choices
from catalog.models import (
    BodyType,
    CarAdPage,
    CarMake,
    CarModel,
    City,
    DriveType,
    FuelType,
    Transmission,
    label_expression,
)

__all__ = ["REFERENCE_MODELS", "CarAdFilterSet", "model_choices", "reference_choices"]

# filter name -> the reference list its options come from
REFERENCE_MODELS = {
    "make": CarMake,
    "body_type": BodyType,
    "fuel": FuelType,
    "transmission": Transmission,
    "drive": DriveType,
    "city": City,
}


def reference_choices():
    """{"make": [(id, name)], ..., "model": [(id, "Make Model", model name, make id)]}, from the cache."""
    return cached_choices("cars", build_reference_choices)


def build_reference_choices():
    label = label_expression()
    choices = {name: list(model.objects.values_list("pk", label)) for name, model in REFERENCE_MODELS.items()}
    choices["city"] = list(City.objects.filter(country="RU").values_list("pk", label))
    choices["model"] = [
        (car_model.pk, f"{car_model.make.label} {car_model.label}", car_model.label, car_model.make_id)
        for car_model in CarModel.objects.select_related("make").order_by("make__sort_order", "make__name")
    ]
    return choices


def model_choices(make_id):
    """[(id, name)] of the make's models (every model, «Make Model», when no known make is given)."""
    choices = reference_choices()
    make_id = str(make_id or "")
    if make_id.isdigit() and any(str(pk) == make_id for pk, _name in choices["make"]):
        return [(pk, name) for pk, _label, name, make in choices["model"] if str(make) == make_id]
    return [(pk, label) for pk, label, _name, _make in choices["model"]]


def number(field_name, lookup_expr, label, placeholder):
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        min_value=0,
        widget=forms.NumberInput(attrs={"placeholder": placeholder, "inputmode": "numeric"}),
    )


def choice(label, empty_label):
    """A select over a reference list; its options are filled in per request from reference_choices()."""
    return django_filters.ChoiceFilter(label=label, empty_label=empty_label)


class CarAdFilterSet(django_filters.FilterSet):
    make = choice(_("Марка"), _("Любая"))
    model = choice(_("Модель"), _("Любая"))
    year_from = number("year", "gte", _("Год от"), "2015")
    year_to = number("year", "lte", _("Год до"), "2025")
    price_from = number("price", "gte", _("Цена от, ₽"), "700000")
    price_to = number("price", "lte", _("Цена до, ₽"), "3000000")
    mileage_to = number("mileage", "lte", _("Пробег до, км"), "100000")
    body_type = choice(_("Кузов"), _("Любой"))
    fuel = choice(_("Топливо"), _("Любое"))
    transmission = choice(_("Коробка"), _("Любая"))
    drive = choice(_("Привод"), _("Любой"))
    city = choice(_("Город"), _("Любой"))
    condition = django_filters.ChoiceFilter(
        choices=CarAdPage.Condition.choices, label=_("Состояние"), empty_label=_("Любое")
    )
    show_sold = django_filters.BooleanFilter(
        label=_("Показать проданные"), widget=forms.CheckboxInput, method="keep_sold"
    )

    class Meta:
        model = CarAdPage
        fields = ()

    def __init__(self, data=None, *args, **kwargs):
        # Bound even without a query string, so the default (no sold cars) also goes through filter_queryset.
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        choices = reference_choices()
        for name in REFERENCE_MODELS:
            self.filters[name].extra["choices"] = choices[name]
        # Only the chosen make's models: in the select, and as the only valid answers.
        self.filters["model"].extra["choices"] = model_choices(self.data.get("make", ""))
        # With JavaScript, choosing a make narrows the model select at once (htmx asks model_options); without it,
        # the models narrow when the form is sent, as above.
        self.filters["make"].extra["widget"] = forms.Select(
            attrs={
                "hx-get": reverse("car_model_options"),
                "hx-target": "#id_model",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "aria-controls": "id_model",
            }
        )

    def keep_sold(self, queryset, name, value):
        return queryset  # sold cars are dropped in filter_queryset unless this box is ticked

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("show_sold"):
            queryset = queryset.exclude(status=CarAdPage.Status.SOLD)
        return queryset
