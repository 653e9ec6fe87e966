"""The small forms of a lead's work view and board: log a contact, move the stage, reassign."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.phones import to_e164
from leads.models import InteractionKind, LeadKind, LeadStage, LostReason
from leads.reassignment import eligible_managers

CALL_OUTCOMES = [("answered", _("Дозвонился, поговорили")), ("no_answer", _("Не ответил"))]
MESSAGE_DIRECTIONS = [("out", _("Мы написали клиенту")), ("in", _("Клиент ответил"))]


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Что было"),
        choices=[
            (InteractionKind.CALL, _("Звонок")),
            (InteractionKind.MESSAGE, _("Сообщение")),
            (InteractionKind.NOTE, _("Заметка")),
        ],
    )
    outcome = forms.ChoiceField(label=_("Итог звонка"), choices=CALL_OUTCOMES, required=False)
    direction = forms.ChoiceField(label=_("Сообщение"), choices=MESSAGE_DIRECTIONS, required=False)
    text = forms.CharField(
        label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == InteractionKind.CALL and not data.get("outcome"):
            self.add_error("outcome", _("Укажите, удалось ли дозвониться."))
        if kind == InteractionKind.MESSAGE and not data.get("direction"):
            self.add_error("direction", _("Укажите, кто написал."))
        if kind == InteractionKind.NOTE and not data.get("text", "").strip():
            self.add_error("text", _("Напишите текст заметки."))
        return data

    def interaction_data(self):
        kind = self.cleaned_data["kind"]
        if kind == InteractionKind.CALL:
            return {"outcome": self.cleaned_data["outcome"]}
        if kind == InteractionKind.MESSAGE:
            return {"direction": self.cleaned_data["direction"]}
        return {}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Этап"), choices=LeadStage.choices)
    lost_reason = forms.ChoiceField(label=_("Причина отказа"), choices=[("", "—"), *LostReason.choices], required=False)
    comment = forms.CharField(label=_("Комментарий"), required=False, max_length=1000)


class ReassignForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("Новый менеджер"), queryset=get_user_model().objects.none())

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["manager"]
        field.queryset = (
            get_user_model()
            .objects.filter(manager_profile__in=eligible_managers(lead.site_id))
            .exclude(pk=lead.manager_id or 0)
            .order_by("last_name", "first_name", "email")
        )
        field.error_messages["invalid_choice"] = _("Выберите менеджера, который принимает заявки этого сайта.")


class PhoneLeadForm(forms.Form):
    """A lead taken on the phone. The sites and managers offered are those of the user's scope."""

    site = forms.ModelChoiceField(label=_("Сайт"), queryset=None)
    kind = forms.ChoiceField(label=_("Тип заявки"), choices=LeadKind.choices)
    name = forms.CharField(label=_("Имя клиента"), max_length=150)
    phone = forms.CharField(label=_("Телефон"), max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    message = forms.CharField(
        label=_("О чём звонил"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    manager = forms.ModelChoiceField(
        label=_("Менеджер"),
        queryset=None,
        required=False,
        help_text=_("Пусто — заявка останется без менеджера."),
    )
    consent = forms.BooleanField(
        label=_("Клиент согласился на обработку персональных данных"),
        error_messages={"required": _("Без согласия клиента заявку сохранить нельзя (152-ФЗ).")},
    )

    def __init__(self, *args, sites, managers, choose_manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda site: site.site_name or site.hostname
        if choose_manager:
            self.fields["manager"].queryset = managers
        else:
            del self.fields["manager"]

    def clean_phone(self):
        return to_e164(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        manager, site = data.get("manager"), data.get("site")
        if manager and site and not eligible_managers(site.pk).filter(user=manager).exists():
            self.add_error("manager", _("Этот менеджер не принимает заявки выбранного сайта."))
        return data
