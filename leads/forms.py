"""The lead form shown on pages: one form, its fields depending on the kind of request."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.phones import to_e164
from leads.clock import leads_time_zone
from leads.intake import viewing_slot_choices
from leads.models import LeadKind

HONEYPOT_MESSAGE = _(
    "Заявка не отправлена: форма заполнена автоматически. Обновите страницу и заполните её ещё раз или позвоните нам."
)

# What the submit button says unless the page or block says otherwise.
BUTTON_TEXTS = {
    LeadKind.CONSULTATION: _("Отправить заявку"),
    LeadKind.VIEWING: _("Записаться"),
    LeadKind.CALLBACK: _("Перезвоните мне"),
    LeadKind.TEST_DRIVE: _("Записаться"),
}

# The kinds with a choice of time: a viewing needs a slot, a test drive may have one; a callback may name a time.
SLOT_KINDS = {LeadKind.VIEWING: True, LeadKind.TEST_DRIVE: False}
TIME_KINDS = (LeadKind.CALLBACK,)


def consent_label():
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _(
            "Я даю согласие на обработку моих персональных данных (имя, телефон, email) для ответа на заявку "
            "в соответствии с Федеральным законом № 152-ФЗ «О персональных данных» и"
        ),
        reverse("leads:privacy"),
        _("политикой обработки персональных данных"),
    )


class LeadForm(forms.Form):
    kind = forms.ChoiceField(choices=LeadKind.choices, widget=forms.HiddenInput)
    listing = forms.IntegerField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Имя"),
        max_length=150,
        error_messages={"required": _("Как к вам обращаться? Укажите имя.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+7 900 123-45-67"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Необязательно: пришлём подтверждение на почту."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    slot = forms.ChoiceField(
        label=_("Удобное время"),
        error_messages={
            "invalid_choice": _("Это время уже недоступно. Выберите другое."),
            "required": _("Выберите удобное время просмотра."),
        },
    )
    preferred_time = forms.DateTimeField(
        label=_("Когда удобно, чтобы позвонили"),
        required=False,
        help_text=_("Необязательно. Если не указать, перезвоним в ближайшее рабочее время."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    message = forms.CharField(
        label=_("Вопрос или комментарий"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Чтобы отправить заявку, дайте согласие на обработку персональных данных.")},
    )
    # Hidden from people by CSS; bots fill every field they find.
    website = forms.CharField(label=_("Сайт"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, kind, site, now=None, slots=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_lead_{kind}_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["consent"].label = consent_label()
        self.fields["website"].widget.attrs["tabindex"] = "-1"
        if kind in SLOT_KINDS:
            choices = slots if slots is not None else viewing_slot_choices(site, now)
            blank = [("", _("Выберите время"))] if not SLOT_KINDS[kind] else []
            self.fields["slot"].choices = blank + list(choices)
            self.fields["slot"].required = SLOT_KINDS[kind]
            if kind == LeadKind.TEST_DRIVE:
                self.fields["slot"].label = _("Удобное время тест-драйва")
        else:
            del self.fields["slot"]
        if kind not in TIME_KINDS:
            del self.fields["preferred_time"]

    def clean_phone(self):
        return to_e164(self.cleaned_data["phone"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Как к вам обращаться? Укажите имя."))
        return name

    def clean_preferred_time(self):
        value = self.cleaned_data.get("preferred_time")
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value, leads_time_zone())
        if value < timezone.now():
            raise ValidationError(_("Это время уже прошло. Укажите время в будущем или оставьте поле пустым."))
        return value

    def clean_slot(self):
        value = self.cleaned_data.get("slot")
        return datetime.fromisoformat(value) if value else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        if cleaned.get("kind") and cleaned["kind"] != self.kind:
            raise ValidationError(_("Форма устарела. Обновите страницу и отправьте заявку ещё раз."))
        return cleaned

    @property
    def preferred(self):
        """The time the client chose, whichever field asked for it."""
        return self.cleaned_data.get("slot") or self.cleaned_data.get("preferred_time")
