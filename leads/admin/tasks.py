"""Tasks and meetings as admin lists. Tasks are set and edited here (leads.manager_tasks saves them);
meetings are only listed: their time and status change on the meeting's page (leads.scheduling)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from leads.manager_tasks import save_task
from leads.models import Appointment, Task
from leads.permissions import (
    appointments_visible_to,
    calendar_owner_ids,
    leads_visible_to,
    tasks_visible_to,
    visible_owner_ids,
)


class CalendarPermissionPolicy(BasePermissionPolicy):
    """Whoever has a calendar (a manager profile, or the superuser) works the rows of their scope.

    `scope` gives those rows; `actions` are all the list ever allows."""

    def __init__(self, model, scope, actions=("add", "change", "delete", "view")):
        super().__init__(model)
        self.scope = scope
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active) or not set(actions) & self.actions:
            return False
        if user.is_superuser:
            return True
        if not hasattr(user, "_has_calendar"):  # asked on every admin page for the menu
            user._has_calendar = calendar_owner_ids(user).exists()
        return user._has_calendar

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, manager_profile__isnull=False)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # the same rule as the scope, answered without a query per row of a listing
        if not (set(actions) & self.actions and user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or instance.manager_id in visible_owner_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scope(user) if set(actions) & self.actions else self.model.objects.none()


class TaskForm(WagtailAdminModelForm):
    """The manager list offers the calendars the user may fill; a manager without others sets their own."""

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

    def save(self, commit=True):
        task = super().save(commit=False)
        if not task.manager_id:
            task.manager = self.for_user
        return save_task(task, by=self.for_user)


class ScopedMixin:
    def get_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "change")

    def get_base_object_queryset(self):
        return self.get_queryset()


class RefusedAsFormError:
    """A ValidationError from the service comes back as a form error, nothing saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class TaskCreateView(RefusedAsFormError, CreateView):
    pass


class TaskEditView(RefusedAsFormError, ScopedMixin, EditView):
    pass


class TaskDeleteView(ScopedMixin, DeleteView):
    pass


class TaskHistoryView(ScopedMixin, HistoryView):
    pass


class TaskUsageView(ScopedMixin, UsageView):
    pass


class TaskViewSet(SnippetViewSet):
    model = Task
    icon = "tasks"
    menu_label = _("Задачи")
    list_display = ["title", "manager", "lead", "due_at", "remind_at", "done_at"]
    list_filter = ["due_at", "done_at"]
    search_backend_name = None
    search_fields = ["title"]
    add_view_class = TaskCreateView
    edit_view_class = TaskEditView
    delete_view_class = TaskDeleteView
    history_view_class = TaskHistoryView
    usage_view_class = TaskUsageView
    copy_view_enabled = False
    panels = [
        FieldPanel("manager"),
        FieldPanel("lead"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("due_at"), FieldPanel("remind_at")]),
    ]

    @property
    def permission_policy(self):
        return CalendarPermissionPolicy(self.model, tasks_visible_to)

    def get_queryset(self, request):
        return tasks_visible_to(request.user).select_related("manager", "lead")

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=TaskForm).bind_to_model(self.model)


class AppointmentInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(appointments_visible_to(self.request.user), pk=self.pk)


class AppointmentViewSet(SnippetViewSet):
    model = Appointment
    icon = "date"
    menu_label = _("Встречи")
    list_display = ["starts_at", "lead", "manager", "place", "status"]
    list_filter = ["status", "starts_at"]
    search_backend_name = None
    search_fields = ["lead__name", "lead__phone", "place"]
    inspect_view_enabled = True
    inspect_view_class = AppointmentInspectView
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return CalendarPermissionPolicy(self.model, appointments_visible_to, actions=("view",))

    def get_queryset(self, request):
        return appointments_visible_to(request.user).select_related("lead", "manager")
