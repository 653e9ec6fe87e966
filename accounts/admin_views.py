"""Admin views for access: the superuser blocks, unblocks and changes roles.

Every change goes through `accounts.roles` and lands in the audit log (`accounts.audit`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts import roles


class RoleForm(forms.Form):
    """The role, and what the role works on: the fields of the registered role scopes (agency, business)."""

    role = forms.ChoiceField(label=gettext_lazy("Роль"), choices=roles.role_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for scope in roles.scopes():
            self.fields[scope.name] = scope.form_field()

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        for scope in roles.scopes():
            if role in scope.roles and not cleaned.get(scope.name):
                self.add_error(scope.name, scope.missing_message)
        return cleaned


class SuperuserOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def target(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def get_page_subtitle(self):
        return get_user_display_name(self.target)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": _("Пользователи")},
            {"url": reverse("wagtailusers_users:edit", args=[self.target.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def users_index(self):
        return redirect("wagtailusers_users:index")


class UserRoleView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Роль пользователя")
    header_icon = "group"
    form_class = RoleForm
    template_name = "accounts/admin/user_role.html"

    def get_initial(self):
        return {
            "role": roles.role_of(self.target),
            **{scope.name: scope.initial(self.target) for scope in roles.scopes()},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Сохранить роль"),
            target=self.target,
            **kwargs,
        )

    def form_valid(self, form):
        if self.target == self.request.user:
            messages.error(self.request, _("Свою роль изменить нельзя: попросите другого суперпользователя."))
            return self.users_index()
        role = form.cleaned_data["role"]
        roles.set_role(self.target, role, **{scope.name: form.cleaned_data.get(scope.name) for scope in roles.scopes()})
        messages.success(
            self.request,
            _("Пользователь «%(user)s» теперь: %(role)s.")
            % {"user": get_user_display_name(self.target), "role": roles.ROLES[role].label},
        )
        return self.users_index()


class UserBlockView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then block or unblock (`block` comes from the URL)."""

    header_icon = "user"
    template_name = "accounts/admin/user_block.html"
    block = True

    def get_page_title(self):
        return _("Заблокировать пользователя") if self.block else _("Разблокировать пользователя")

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, block=self.block, **kwargs)

    def post(self, request, *args, **kwargs):
        name = get_user_display_name(self.target)
        if self.target == request.user:
            messages.error(request, _("Нельзя заблокировать самого себя."))
        elif self.target.is_active != self.block:
            already = (
                _("Пользователь «%(user)s» уже заблокирован.")
                if self.block
                else _("Пользователь «%(user)s» не заблокирован.")
            )
            messages.info(request, already % {"user": name})
        else:
            roles.set_blocked(self.target, self.block)
            message = (
                _("Пользователь «%(user)s» заблокирован: войти он не сможет, открытые сессии закрыты.")
                if self.block
                else _("Пользователь «%(user)s» разблокирован.")
            )
            messages.success(request, message % {"user": name})
        return self.users_index()
