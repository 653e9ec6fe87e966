"""Forms that take a stay from a visitor: the booking form, the price on the property card, the search by dates."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.services import GuestDetails
from core.phones import to_e164


class StayForm(forms.Form):
    """Dates and guest details for a new booking; the page asks for the house rules to be accepted."""

    check_in = forms.DateField(label=_("Заезд"), widget=forms.DateInput(attrs={"type": "date"}))
    check_out = forms.DateField(label=_("Выезд"), widget=forms.DateInput(attrs={"type": "date"}))
    guests_count = forms.IntegerField(label=_("Гостей"), min_value=1, max_value=50, initial=1)
    name = forms.CharField(label=_("Имя и фамилия"), max_length=150)
    phone = forms.CharField(
        label=_("Телефон"), max_length=20, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    email = forms.EmailField(label=_("Email"), required=False)
    comment = forms.CharField(
        label=_("Пожелания"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    promo = forms.CharField(label=_("Промокод"), max_length=40, required=False)
    accept_rules = forms.BooleanField(
        label=_("Я прочитал(а) правила проживания и согласен(на) с ними"),
        error_messages={"required": _("Чтобы забронировать, примите правила проживания.")},
    )

    def clean_phone(self):
        return to_e164(self.cleaned_data["phone"])

    def guest_details(self):
        data = self.cleaned_data
        return GuestDetails(
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            guests_count=data["guests_count"],
            comment=data["comment"],
        )


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


class StayQuoteForm(StayDatesMixin, forms.Form):
    """«Рассчитать стоимость» on the property card."""

    check_in = forms.DateField(label=_("Заезд"), widget=DateInput())
    check_out = forms.DateField(label=_("Выезд"), widget=DateInput())
    promo = forms.CharField(label=_("Промокод"), max_length=40, required=False)
