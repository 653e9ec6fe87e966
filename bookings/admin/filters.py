"""Filters of the admin booking list: status, stay dates, check-in dates and the property.

The property choices are the properties the user manages, never another agency's: an id from elsewhere is an
invalid choice, and the list stays scoped by `bookings_visible_to` whatever the filter says."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from bookings.analytics import analytics_rentals
from bookings.models import Booking, BookingStatus
from catalog.models import RentalPropertyPage


def rentals_of(request):
    if request is None:
        return RentalPropertyPage.objects.none()
    return analytics_rentals(request.user).order_by("title", "pk")


class BookingFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Статус"), choices=BookingStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    stay = django_filters.DateFromToRangeFilter(
        label=_("Проживание в период"),
        method="filter_stay",
        widget=DateRangePickerWidget,
        help_text=_("Бронирования, у которых хотя бы одна ночь приходится на эти даты."),
    )
    check_in = django_filters.DateFromToRangeFilter(label=_("Дата заезда"), widget=DateRangePickerWidget)
    rental = django_filters.ModelChoiceFilter(label=_("Объект"), queryset=rentals_of, empty_label=_("Все объекты"))

    class Meta:
        model = Booking
        fields = ["status", "stay", "check_in", "rental"]

    def filter_stay(self, queryset, name, value):
        if value.start:
            queryset = queryset.filter(check_out__gt=value.start)
        if value.stop:
            queryset = queryset.filter(check_in__lte=value.stop)
        return queryset
