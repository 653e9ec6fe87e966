"""The member's joining form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.phones import to_e164

CONSENT_TEXT = _(
    "Я согласна на передачу данных о моих покупках (сумма, дата, партнёр и категория) партнёрам клуба «Свой Круг» "
    "для начисления баллов и персональных предложений, в соответствии с Федеральным законом № 152-ФЗ "
    "«О персональных данных». Согласие можно отозвать в личном кабинете."
)


class JoinForm(forms.Form):
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        help_text=_("По этому номеру партнёры найдут ваши покупки. Например, +7 916 123-45-67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Без согласия на передачу данных о покупках вступить в клуб нельзя.")},
    )
    invite = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def clean_phone(self):
        return to_e164(self.cleaned_data["phone"])
