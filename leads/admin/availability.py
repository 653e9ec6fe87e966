"""Managers' availability in the admin: sites, «принимает заявки», work days and hours, days off.

The superuser and heads of sales (for their sites) add and edit profiles; a manager opens only their
own and changes only their hours and days off: the other fields are not in their form at all."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, SnippetViewSet, UsageView

from leads.models import ManagerProfile
from leads.permissions import head_of_sales_sites, manages_profiles, profiles_visible_to, visible_profile_ids

WEEKDAYS = [
    (1, _("Пн")),
    (2, _("Вт")),
    (3, _("Ср")),
    (4, _("Чт")),
    (5, _("Пт")),
    (6, _("Сб")),
    (7, _("Вс")),
]
HEAD_ONLY_FIELDS = ("user", "sites", "is_active", "is_head_of_sales")


class ManagerProfilePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return False
        if set(actions) & {"add", "delete"} and manages_profiles(user):
            return True
        return bool(set(actions) & {"view", "change"}) and bool(visible_profile_ids(user))

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(Q(is_superuser=True) | Q(manager_profile__isnull=False), is_active=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # the same rule as the queryset below, answered without a query per row of the listing
        if not (user.is_authenticated and user.is_active):
            return False
        if not (set(actions) & {"view", "change"} or manages_profiles(user)):
            return False
        return user.is_superuser or instance.pk in visible_profile_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) & {"view", "change"} or manages_profiles(user):
            return profiles_visible_to(user)
        return ManagerProfile.objects.none()


class ManagerProfileForm(WagtailAdminModelForm):
    work_days = forms.TypedMultipleChoiceField(
        label=_("Рабочие дни"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Отметьте хотя бы один рабочий день.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or not manages_profiles(user):
            for name in HEAD_ONLY_FIELDS:
                self.fields.pop(name, None)
            return
        if self.instance.pk:
            self.fields.pop("user", None)  # a profile stays with its person
        else:
            self.fields["user"].queryset = get_user_model().objects.filter(
                is_staff=True, is_active=True, manager_profile__isnull=True
            )
        if not user.is_superuser:
            self.fields["sites"].queryset = Site.objects.filter(pk__in=head_of_sales_sites(user))

    def clean_sites(self):
        """A head of sales chooses among their sites; the manager's other sites stay as they were."""
        chosen = list(self.cleaned_data["sites"])
        if self.instance.pk and not self.for_user.is_superuser:
            mine = set(head_of_sales_sites(self.for_user))
            chosen += [site for site in self.instance.sites.all() if site.pk not in mine]
        return chosen


class ScopedProfileMixin:
    def get_queryset(self):
        return profiles_visible_to(self.request.user)

    def get_base_object_queryset(self):
        return profiles_visible_to(self.request.user)


class ProfileEditView(ScopedProfileMixin, EditView):
    pass


class ProfileDeleteView(ScopedProfileMixin, DeleteView):
    pass


class ProfileHistoryView(ScopedProfileMixin, HistoryView):
    pass


class ProfileUsageView(ScopedProfileMixin, UsageView):
    pass


class ManagerProfileViewSet(SnippetViewSet):
    model = ManagerProfile
    icon = "user"
    menu_label = _("Менеджеры и график")
    list_display = ["__str__", "is_active", "is_head_of_sales", "work_start", "work_end"]
    list_filter = ["is_active", "is_head_of_sales", "sites"]
    search_backend_name = None
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    edit_view_class = ProfileEditView
    delete_view_class = ProfileDeleteView
    history_view_class = ProfileHistoryView
    usage_view_class = ProfileUsageView
    copy_view_enabled = False
    panels = [
        FieldPanel("user"),
        FieldPanel("sites", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("is_head_of_sales")]),
        FieldPanel("work_days"),
        FieldRowPanel([FieldPanel("work_start"), FieldPanel("work_end")]),
        InlinePanel("days_off", heading=_("Выходные и отпуска"), label=_("Выходной")),
    ]

    @property
    def permission_policy(self):
        return ManagerProfilePermissionPolicy(self.model)

    def get_queryset(self, request):
        return profiles_visible_to(request.user).select_related("user")

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ManagerProfileForm).bind_to_model(self.model)
