from allauth.account import fields as allauth_fields
from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import INVALID_PHONE_MESSAGE, to_e164


class PhoneField(allauth_fields.PhoneField):
    """allauth's phone field that takes numbers as people type them ("8 701 123 45 67",
    "+7 (701) 123-45-67") and hands on E.164 ("+77011234567")."""

    default_error_messages = {"invalid_phone": INVALID_PHONE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Телефон"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+7 701 123-45-67"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return to_e164(value)


class SignupForm(allauth_forms.SignupForm):
    """Sign up with an email, a phone number or both: whichever is given becomes the login."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email")
        self.fields["phone"].label = _("Телефон")
        self.fields["phone"].help_text = _("Пришлём SMS с кодом, чтобы подтвердить номер.")

    def clean(self):
        cleaned_data = super().clean()
        given = cleaned_data.get("email") or cleaned_data.get("phone")
        if not given and not self.has_error("email") and not self.has_error("phone"):
            raise ValidationError(_("Укажите email или номер телефона: по нему вы будете входить."), code="no_login")
        return cleaned_data


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email или телефон")
        self.fields["login"].widget.attrs["placeholder"] = _("anna@example.com или +7 701 123-45-67")


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """«Send me a code» needs an email or a phone; allauth lets both be empty and then fails on the missing user."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("email") and not cleaned_data.get("phone"):
            raise ValidationError(_("Укажите email или номер телефона, на который прислать код."), code="no_login")
        return cleaned_data
