"""Admin forms: a platform account's token (entered, replaced, never shown back) and queueing an ad."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from publishing.models import PlatformAccount


class PlatformAccountForm(WagtailAdminModelForm):
    new_token = forms.CharField(
        label=gettext_lazy("Новый токен"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    clear_token = forms.BooleanField(label=gettext_lazy("Удалить токен"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = self.instance
        if account.pk and account.has_token:
            changed = ""
            if account.token_changed_at:
                changed = timezone.localtime(account.token_changed_at).strftime("%d.%m.%Y %H:%M")
            state = _("Токен задан") + (f" ({changed})" if changed else "")
        else:
            state = _("Токен не задан: площадка ответит «не настроено»")
        self.fields["new_token"].help_text = (
            state
            + ". "
            + _(
                "Хранится зашифрованным и не показывается; чтобы сменить, введите новый, пустое поле оставляет прежний."
            )
        )

    def save(self, commit=True):
        if self.cleaned_data.get("clear_token"):
            self.instance.token = ""
            self.instance.token_changed_at = timezone.now()
        elif self.cleaned_data.get("new_token"):
            self.instance.token = self.cleaned_data["new_token"]
            self.instance.token_changed_at = timezone.now()
        return super().save(commit=commit)


class QueueAdForm(forms.Form):
    account = forms.ModelChoiceField(
        label=gettext_lazy("Площадка"),
        queryset=PlatformAccount.objects.filter(enabled=True),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Выберите включённую площадку.")},
    )
    publish_at = forms.DateTimeField(
        label=gettext_lazy("Опубликовать в"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("Пусто — сразу."),
        error_messages={"invalid": gettext_lazy("Неверные дата и время.")},
    )


class MarkPublishedForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Ссылка на пост"), required=False, max_length=500, assume_scheme="https")


class ReportForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("С"), required=False)
    date_to = forms.DateField(label=gettext_lazy("По (включительно)"), required=False)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["date_to"] = cleaned.get("date_to") or today
        cleaned["date_from"] = cleaned.get("date_from") or cleaned["date_to"] - timedelta(days=29)
        if cleaned["date_to"] < cleaned["date_from"]:
            raise forms.ValidationError(_("Дата «по» не может быть раньше даты «с»."))
        return cleaned
