"""Forms that take a stay from a visitor: the booking form, the price on the property card.

The dates widget and their checks are shared with the search by dates (catalog/stay_dates.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.services import GuestDetails
from catalog.stay_dates import DateInput, StayDatesMixin
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


class StayQuoteForm(StayDatesMixin, forms.Form):
    """«Рассчитать стоимость» on the property card."""

    check_in = forms.DateField(label=_("Заезд"), widget=DateInput())
    check_out = forms.DateField(label=_("Выезд"), widget=DateInput())
    promo = forms.CharField(label=_("Промокод"), max_length=40, required=False)
