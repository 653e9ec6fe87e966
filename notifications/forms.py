import base64
import binascii

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from integrations.webpush import vapid_public_key

from .models import Channel
from .preferences import is_enabled, kinds_for, save_choices

UNREACHABLE = {
    Channel.EMAIL: _("Чтобы получать письма, укажите email в профиле."),
    Channel.SMS: _("Чтобы получать SMS, подтвердите номер телефона в профиле."),
    Channel.TELEGRAM: _("Чтобы получать сообщения в Telegram, сначала подключите нашего бота."),
    Channel.WEBPUSH: _("Чтобы получать push-уведомления, разрешите их в браузере кнопкой ниже."),
}
PUSH_OFF = _("Push-уведомления на этом сайте пока не подключены.")


def unreachable_hint(channel):
    # The push button is only on the page when the site has a VAPID key: without it, say so instead.
    if channel == Channel.WEBPUSH and not vapid_public_key():
        return PUSH_OFF
    return UNREACHABLE[channel]


class PreferencesForm(forms.Form):
    """Kinds × channels checkboxes. A box is a value "<kind>:<channel>" of one multiple-choice field."""

    enabled = forms.MultipleChoiceField(
        required=False,
        error_messages={"invalid_choice": _("Нет такого уведомления или канала: %(value)s.")},
    )

    def __init__(self, *args, user, addresses, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.reachable = {channel for channel, found in addresses.items() if found}
        self.kinds = kinds_for(user)
        field = self.fields["enabled"]
        field.choices = [
            (f"{kind.key}:{channel}", f"{kind.label} — {label}")
            for kind in self.kinds
            for channel, label in Channel.choices
        ]
        field.initial = [
            f"{kind.key}:{channel}"
            for kind in self.kinds
            for channel in Channel.values
            if channel in self.reachable and is_enabled(kind, channel, choices)
        ]

    def clean_enabled(self):
        pairs = {tuple(value.split(":", 1)) for value in self.cleaned_data["enabled"]}
        unreachable = sorted({channel for _kind, channel in pairs} - self.reachable)
        if unreachable:
            raise ValidationError([unreachable_hint(channel) for channel in unreachable])
        return pairs

    def save(self):
        save_choices(self.user, self.cleaned_data["enabled"], self.reachable)

    def channels(self):
        """Column heads: each channel, and why it is off when the user cannot be reached on it."""
        return [
            {"code": code, "label": label, "reachable": code in self.reachable, "hint": unreachable_hint(code)}
            for code, label in Channel.choices
        ]

    def rows(self):
        """One row per kind, a cell per channel, checked as submitted (or as saved)."""
        checked = set(self["enabled"].value() or [])
        return [
            {
                "kind": kind,
                "cells": [
                    {
                        "value": f"{kind.key}:{code}",
                        "label": f"{kind.label} — {label}",
                        "checked": f"{kind.key}:{code}" in checked,
                        "disabled": code not in self.reachable,
                    }
                    for code, label in Channel.choices
                ],
            }
            for kind in self.kinds
        ]


def _urlsafe_bytes(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


class PushSubscriptionForm(forms.Form):
    """What the browser's PushSubscription.toJSON() gives: endpoint and keys."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https", validators=[URLValidator(schemes=["https"])])
    p256dh = forms.CharField(max_length=128)
    auth = forms.CharField(max_length=64)

    def clean_p256dh(self):
        value = self.cleaned_data["p256dh"]
        try:
            point = _urlsafe_bytes(value)
        except (binascii.Error, ValueError):
            point = b""
        if len(point) != 65 or point[0] != 4:
            raise ValidationError(_("Браузер прислал неверный ключ подписки."))
        return value

    def clean_auth(self):
        value = self.cleaned_data["auth"]
        try:
            secret = _urlsafe_bytes(value)
        except (binascii.Error, ValueError):
            secret = b""
        if len(secret) != 16:
            raise ValidationError(_("Браузер прислал неверный ключ подписки."))
        return value
