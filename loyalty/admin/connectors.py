"""Connectors in the admin: the form that takes new credentials (stored encrypted, never shown back) and the
«Синхронизировать сейчас» view (a POST; the connector's policy decides who may, here on the server)."""

import json

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm

from core.admin import AdminPageMixin
from loyalty import tasks
from loyalty.admin.policies import ConnectorPolicy
from loyalty.models import Connector

URL_NAME = "loyalty_connector_sync"


class ConnectorForm(WagtailAdminModelForm):
    new_credentials = forms.CharField(
        label=gettext_lazy("Новые доступы"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=gettext_lazy(
            'JSON, например {"partner_token": "…", "user_token": "…"}. Хранятся зашифрованными и не показываются; '
            "пустое поле оставляет прежние."
        ),
    )

    def clean_new_credentials(self):
        value = self.cleaned_data["new_credentials"].strip()
        if not value:
            return None
        try:
            credentials = json.loads(value)
        except ValueError:
            credentials = None
        if not isinstance(credentials, dict) or not credentials:
            raise forms.ValidationError(_('Введите доступы как JSON-объект, например {"token": "…"}.'))
        return credentials

    def save(self, commit=True):
        if self.cleaned_data.get("new_credentials"):
            self.instance.credentials = self.cleaned_data["new_credentials"]
        return super().save(commit=commit)


class SyncNowView(AdminPageMixin, TemplateView):
    template_name = "loyalty/admin/connector_sync.html"
    page_title = gettext_lazy("Синхронизировать сейчас")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        visible = ConnectorPolicy(Connector).instances_user_has_permission_for(request.user, "view")
        self.connector = visible.filter(pk=kwargs["pk"]).select_related("partner").first()
        if self.connector is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.connector)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "connector": self.connector}

    def post(self, request, *args, **kwargs):
        if not self.connector.enabled:
            messages.error(request, _("Интеграция выключена: включите её, чтобы синхронизировать."))
        else:
            tasks.sync_connector.delay(self.connector.pk)
            messages.success(request, _("Синхронизация запущена: результат появится в «Запусках интеграций»."))
        return redirect(Connector.snippet_viewset.get_url_name("list"))
