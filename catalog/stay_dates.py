"""The dates of a stay as visitors type them: the date picker and the checks every stay form shares.

The rental search (catalog.filters.rentals) and the booking forms (bookings.forms) both use them."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def stay_date_errors(check_in, check_out, today=None):
    """{field: message} for dates no stay can have; empty when they are fine (or either is missing)."""
    today = today or timezone.localdate()
    errors = {}
    if check_in and check_in < today:
        errors["check_in"] = _("Дата заезда уже прошла.")
    if check_in and check_out:
        if check_out <= check_in:
            errors["check_out"] = _("Дата выезда должна быть позже даты заезда.")
        elif (check_out - check_in).days > settings.BOOKING_MAX_NIGHTS:
            errors["check_out"] = _("Можно забронировать не больше %(nights)d ночей подряд.") % {
                "nights": settings.BOOKING_MAX_NIGHTS
            }
    return errors


class StayDatesMixin:
    """Checks the pair `check_in` / `check_out`: both or neither, in the future, in order, not too long."""

    def clean(self):
        cleaned = super().clean()
        check_in, check_out = cleaned.get("check_in"), cleaned.get("check_out")
        missing = "check_out" if check_in else "check_in"
        if bool(check_in) != bool(check_out) and not self.has_error(missing):
            self.add_error(missing, _("Укажите обе даты: заезда и выезда."))
        for field, message in stay_date_errors(check_in, check_out).items():
            self.add_error(field, message)
        return cleaned


class StayDatesSearchForm(StayDatesMixin, forms.Form):
    """The base form of the rental search (django-filter adds its fields): dates are optional, as a pair."""
