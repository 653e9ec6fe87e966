from allauth.account import fields as allauth_fields
from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core import context, ratelimit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.tasks import send_password_reset
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

    def validate_unique_email(self, value):
        # allauth hides a taken email only when every account must confirm its email; ours may sign up by
        # phone, so we hide it ourselves: the form goes on as for a new address, and try_save() writes
        # to the owner instead of creating an account (ACCOUNT_PREVENT_ENUMERATION).
        self.account_already_exists = bool(filter_users_by_email(value))
        return get_adapter().validate_unique_email(value)

    def try_save(self, request):
        if self.account_already_exists:
            # A real sign-up hashes the password; do the same work so the answer takes as long.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

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


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Asks for a reset link without looking the address up: the lookup and the mail (the link, or «no such
    account» to an unknown address) happen in a Celery task after the request, so neither the answer nor its
    time depends on whether the address is registered."""

    def clean_email(self):
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        page_url, language = request.build_absolute_uri(request.path), translation.get_language()
        transaction.on_commit(lambda: send_password_reset.delay(email, page_url, language))
        return email


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """«Send me a code» needs an email or a phone; allauth lets both be empty and then fails on the missing user.

    A registered and an unknown address get the same answer (ACCOUNT_PREVENT_ENUMERATION): the code page,
    and one mail, with the code or «no such account»."""

    def clean_email(self):
        # allauth's lookup takes one query for a verified address and two otherwise; one query either
        # way keeps the answer's time from telling them apart.
        email = self.cleaned_data["email"]
        if email:
            self._user = (
                get_user_model()
                .objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email), is_active=True)
                .order_by(F("emailaddress__verified").desc(nulls_last=True))
                .first()
            )
            if not ratelimit.consume(context.request, action="request_login_code", key=email.lower()):
                raise get_adapter().validation_error("too_many_login_attempts")
        return email

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("email") and not cleaned_data.get("phone"):
            raise ValidationError(_("Укажите email или номер телефона, на который прислать код."), code="no_login")
        return cleaned_data
