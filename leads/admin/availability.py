"""Managers' availability in the admin: sites, «принимает заявки», work days and hours, days off.

The superuser and heads of sales (for their sites) add and edit profiles; a manager opens only their
own and changes only their hours and days off: the other fields are not in their form at all."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.models import Site

from core.admin import ScopedSnippetViewSet
from leads.admin.policies import ManagerProfilePermissionPolicy
from leads.models import ManagerProfile
from leads.permissions import head_of_sales_sites, manages_profiles

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


class ManagerProfileViewSet(ScopedSnippetViewSet):
    model = ManagerProfile
    policy_class = ManagerProfilePermissionPolicy
    icon = "user"
    menu_label = _("Менеджеры и график")
    list_display = ["__str__", "is_active", "is_head_of_sales", "work_start", "work_end"]
    list_filter = ["is_active", "is_head_of_sales", "sites"]
    search_backend_name = None
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    copy_view_enabled = False
    panels = [
        FieldPanel("user"),
        FieldPanel("sites", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("is_head_of_sales")]),
        FieldPanel("work_days"),
        FieldRowPanel([FieldPanel("work_start"), FieldPanel("work_end")]),
        InlinePanel("days_off", heading=_("Выходные и отпуска"), label=_("Выходной")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ManagerProfileForm).bind_to_model(self.model)
