"""Tasks and meetings as admin lists. Tasks are set and edited here (leads.manager_tasks saves them);
meetings are only listed: their time and status change on the meeting's page (leads.scheduling)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView

from core.admin import ScopedSnippetViewSet, ServiceErrorsAsFormErrors
from core.locking import VersionedFormMixin
from leads.admin.policies import AppointmentPermissionPolicy, TaskPermissionPolicy
from leads.manager_tasks import save_task
from leads.models import Appointment, Task
from leads.permissions import calendar_owner_ids, leads_visible_to


class TaskForm(VersionedFormMixin, WagtailAdminModelForm):
    """The manager list offers the calendars the user may fill; a manager without others sets their own. An edit
    opened before a colleague's save is refused (VersionedFormMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        owners = get_user_model().objects.filter(pk__in=calendar_owner_ids(user)).order_by("last_name", "email")
        if user.is_superuser:
            owners = get_user_model().objects.filter(manager_profile__isnull=False).order_by("last_name", "email")
        if owners.count() <= 1 and not user.is_superuser:
            self.fields.pop("manager", None)
        else:
            self.fields["manager"].queryset = owners
            self.fields["manager"].initial = user.pk
        self.fields["lead"].queryset = leads_visible_to(user).order_by("-created_at")

    @transaction.atomic
    def save(self, commit=True):
        task = super().save(commit=False)  # an edit claims its version here
        if not task.manager_id:
            task.manager = self.for_user
        return save_task(task, by=self.for_user)


class TaskCreateView(ServiceErrorsAsFormErrors, CreateView):
    pass


class TaskEditView(ServiceErrorsAsFormErrors, EditView):
    pass


class TaskViewSet(ScopedSnippetViewSet):
    model = Task
    policy_class = TaskPermissionPolicy
    icon = "tasks"
    menu_label = _("Задачи")
    list_display = ["title", "manager", "lead", "due_at", "remind_at", "done_at"]
    list_filter = ["due_at", "done_at"]
    search_backend_name = None
    search_fields = ["title"]
    add_view_class = TaskCreateView
    edit_view_class = TaskEditView
    copy_view_enabled = False
    panels = [
        FieldPanel("manager"),
        FieldPanel("lead"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("due_at"), FieldPanel("remind_at")]),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("manager", "lead")

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=TaskForm).bind_to_model(self.model)


class AppointmentViewSet(ScopedSnippetViewSet):
    model = Appointment
    policy_class = AppointmentPermissionPolicy
    icon = "date"
    menu_label = _("Встречи")
    list_display = ["starts_at", "lead", "manager", "place", "status"]
    list_filter = ["status", "starts_at"]
    search_backend_name = None
    search_fields = ["lead__name", "lead__phone", "place"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead", "manager")
