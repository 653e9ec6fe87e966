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


class ProposalForm(forms.Form):
    """The event constructor: what, where (a partner of the club), 2–4 date options, the budget asked."""

    title = forms.CharField(label=_("Название"), max_length=150)
    format = forms.ChoiceField(label=_("Формат"))
    venue = forms.ModelChoiceField(
        label=_("Площадка партнёра"), queryset=None, help_text=_("У кого из партнёров клуба пройдёт мероприятие.")
    )
    date_1 = forms.DateTimeField(
        label=_("Вариант даты 1"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    date_2 = forms.DateTimeField(
        label=_("Вариант даты 2"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    date_3 = forms.DateTimeField(
        label=_("Вариант даты 3"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    date_4 = forms.DateTimeField(
        label=_("Вариант даты 4"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    budget = forms.DecimalField(
        label=_("Бюджет, ₽"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Сколько нужно из фонда мероприятий клуба; 0 — если не нужно."),
    )
    description = forms.CharField(
        label=_("Описание"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Что будет, для кого и почему это интересно участницам."),
    )

    DATE_FIELDS = ("date_1", "date_2", "date_3", "date_4")

    def __init__(self, *args, venues, **kwargs):
        from loyalty.models import EventProposal

        super().__init__(*args, **kwargs)
        self.fields["format"].choices = EventProposal.Format.choices
        self.fields["venue"].queryset = venues

    def dates(self):
        return [self.cleaned_data[name] for name in self.DATE_FIELDS if self.cleaned_data.get(name)]
