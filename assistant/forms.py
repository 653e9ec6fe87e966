"""Admin forms: secrets are entered in write-only fields (never rendered back) and stored encrypted; the bot,
site and page choices are limited to the sites the user manages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from assistant.models import Bot
from assistant.permissions import managed_site_ids
from core import crypto
from integrations.marketplaces import bitrix

KEEP_HELP = _("Сохранено. Оставьте пустым, чтобы не менять; впишите «-», чтобы удалить.")
EMPTY_HELP = _("Не задано.")


def secret_field(label):
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class SecretsFormMixin:
    """`secret_fields`: {form field: model field}. Empty keeps the stored value, «-» removes it."""

    secret_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model_field in self.secret_fields.items():
            if name in self.fields:
                stored = getattr(self.instance, model_field, "")
                self.fields[name].help_text = KEEP_HELP if stored else EMPTY_HELP

    def save(self, commit=True):
        for name, model_field in self.secret_fields.items():
            value = self.cleaned_data.get(name, "")
            if value == "-":
                setattr(self.instance, model_field, "")
            elif value:
                setattr(self.instance, model_field, crypto.encrypt(value))
        return super().save(commit=commit)


class BotForm(SecretsFormMixin, WagtailAdminModelForm):
    new_telegram_token = secret_field(_("Telegram: токен бота"))
    new_whatsapp_token = secret_field(_("WhatsApp: токен доступа"))
    new_whatsapp_app_secret = secret_field(_("WhatsApp: секрет приложения"))
    secret_fields = {
        "new_telegram_token": "telegram_token",
        "new_whatsapp_token": "whatsapp_token",
        "new_whatsapp_app_secret": "whatsapp_app_secret",
    }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "site" in self.fields:
            self.fields["site"].queryset = Site.objects.filter(pk__in=managed_site_ids(for_user))


class BotChildForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "bot" in self.fields:
            self.fields["bot"].queryset = Bot.objects.filter(site_id__in=managed_site_ids(for_user))


class ProviderForm(SecretsFormMixin, BotChildForm):
    new_api_key = secret_field(_("ключ API"))
    secret_fields = {"new_api_key": "api_key"}


class ShopForm(SecretsFormMixin, BotChildForm):
    new_api_key = secret_field(
        _("ключ API (Wildberries: токен; Ozon: Api-Key; Авито: client_secret; Битрикс24: адрес входящего вебхука)")
    )
    secret_fields = {"new_api_key": "api_key"}

    def clean(self):
        data = super().clean()
        platform = data.get("platform")
        if platform == "ozon" and not data.get("client_id"):
            self.add_error("client_id", _("Для Ozon нужен Client-Id."))
        if platform == "avito":
            if not data.get("client_id"):
                self.add_error("client_id", _("Для Авито нужен client_id."))
            if not (data.get("account_id") or "").isdigit():
                self.add_error("account_id", _("Для Авито нужен номер профиля: только цифры."))
        key = data.get("new_api_key") or ""
        if platform == "bitrix" and key not in {"", "-"} and not bitrix.WEBHOOK.match(key):
            self.add_error("new_api_key", _("Нужен адрес входящего вебхука вида https://портал/rest/1/ключ/."))
        return data
