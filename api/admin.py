"""The admin of API keys: a scoped snippet viewset (core.admin) whose create view shows the new key once."""

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView

from api.models import ApiKey, Scope
from core.admin import ScopedPermissionPolicy, ScopedSnippetViewSet


class ApiKeyPermissionPolicy(ScopedPermissionPolicy):
    """Django's model permissions on ApiKey; no role group has them, so keys are the superuser's."""


class ApiKeyForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("права"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Что можно делать с этим ключом; на какие объекты — решают права владельца на страницы."),
    )
    revoke = forms.BooleanField(
        label=_("Отозвать ключ"), required=False, help_text=_("Отозванный ключ перестаёт работать сразу и навсегда.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["revoke"]
        else:
            self.fields["owner"].disabled = True
            if not self.instance.is_active:
                self.fields["revoke"].disabled = True
                self.fields["revoke"].initial = True

    def save(self, commit=True):
        if self.cleaned_data.get("revoke") and self.instance.revoked_at is None:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class ApiKeyCreateView(CreateView):
    def save_instance(self):
        self.full_key = self.form.instance.set_new_secret()
        return super().save_instance()

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "full_key", None) and response.status_code == 302:
            context = {"key": self.object, "full_key": self.full_key, "list_url": response.url}
            return TemplateResponse(self.request, "api/admin/key_created.html", context)
        return response


class ApiKeyViewSet(ScopedSnippetViewSet):
    model = ApiKey
    policy_class = ApiKeyPermissionPolicy
    add_view_class = ApiKeyCreateView
    icon = "key"
    menu_label = _("Ключи API")
    add_to_admin_menu = False
    list_display = ["name", "owner", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("owner"), FieldPanel("scopes"), FieldPanel("revoke")],
        base_form_class=ApiKeyForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")
