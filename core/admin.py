"""Snippet admin whose every view sees only the rows the model's permission policy gives the user.

One permission policy per model decides both what a user may do (`user_has_permission`) and on which
rows (`instances_user_has_permission_for`). `ScopedSnippetViewSet` applies that row scope to every view it
builds: the list and its export, the object views (edit, delete, inspect, history, usage, copy, revisions,
unpublish, ...), the chooser (choose, results, chosen: the rows `instances_user_may_choose`) and the bulk
actions (core/wagtail_hooks.py). A row outside the scope is a 404, wherever its id is typed."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.admin.views.generic import InspectView, RevisionsCompareView, UsageView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView, WorkflowHistoryDetailView, WorkflowHistoryView
from wagtail.admin.views.generic.preview import PreviewRevision
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

# What the model-level "view" permission also follows from: whoever may change or delete rows may see them.
VIEW_IMPLIED_BY = ("view", "change", "delete")

# Views that only read their object find it among the rows the user may view; the others among the rows
# they may act on (`permission_required`: change, delete, publish, ...).
READING_VIEWS = (InspectView, HistoryView, UsageView, RevisionsCompareView, PreviewRevision)
READING_VIEWS += (WorkflowHistoryView, WorkflowHistoryDetailView)


class AdminPageMixin(WagtailAdminTemplateMixin):
    """An admin page of our own: Wagtail's header shows the breadcrumbs, so they end with the page's title (without
    this, the header of such a page says only «Главная»)."""

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """A model's permission policy with a row scope.

    `user_has_permission(user, action)`: may the user do `action` at all (Django's model permissions here;
    "view" also follows from change or delete). `scope(user)`: the rows the user works with (all here).
    Subclasses override either; every per-row answer then comes from the same queryset, so the list, the
    object views, the chooser and the buttons cannot disagree."""

    def scope(self, user):
        return self.model._default_manager.all()

    def user_has_permission(self, user, action):
        has_django_permission = super().user_has_permission
        if action == "view":
            return any(has_django_permission(user, implied) for implied in VIEW_IMPLIED_BY)
        return has_django_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    # A form's chooser (a task's lead, a listing's city) offers the rows the user may view.

    def user_may_choose(self, user):
        return self.user_has_permission(user, "view")

    def instances_user_may_choose(self, user):
        return self.instances_user_has_permission_for(user, "view")


class PublicDataPermissionPolicy(ScopedPermissionPolicy):
    """Public data (cities, car makes, banks, blog authors, menus): managing it takes Django's model permissions,
    but everyone in the admin picks it in a form's chooser, as with Wagtail's own snippet chooser (a realtor
    chooses the city of their listing, a head of sales the developer of a cashback rule)."""

    def user_may_choose(self, user):
        return user.is_active and user.has_perm("wagtailadmin.access_admin")

    def instances_user_may_choose(self, user):
        if not self.user_may_choose(user):
            return self.model._default_manager.none()
        return self.scope(user)


class SuperuserReadOnlyPolicy(ScopedPermissionPolicy):
    """Records only their services write (payments, refunds, the outbox): the superuser reads them, nobody
    adds, edits or deletes them in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


class ScopedObjectMixin:
    """Added to every view of a ScopedSnippetViewSet: the object a URL names must be in the user's scope.

    Runs when the view looks its object up (in `setup`, before Wagtail's own permission check), so it refuses
    like that check first: no permission for the action at all is a 403, a row outside the scope a 404."""

    permission_policy = None

    def scope_action(self):
        if isinstance(self, READING_VIEWS):
            return "view"
        action = getattr(self, "permission_required", None)
        return "view" if action in (None, "add") else action  # "add": a copy reads its source

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None or obj.pk is None:  # a create view, or the preview of a new object
            return obj
        user, action = self.request.user, self.scope_action()
        if not self.permission_policy.user_has_permission(user, action):
            raise PermissionDenied
        if not self.permission_policy.instances_user_has_permission_for(user, action).filter(pk=obj.pk).exists():
            raise Http404
        return obj


# -- the chooser -------------------------------------------------------------------------------------------------------


class ScopedChooserMixin:
    """The chooser lists and returns only the rows the policy lets the user choose; if none at all, 403."""

    permission_policy = None

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_may_choose(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def choosable(self):
        return self.permission_policy.instances_user_may_choose(self.request.user)

    def get_object_list(self):
        return self.choosable()

    def get_object(self, pk):
        try:
            return self.choosable().get(pk=pk)
        except (ValueError, ValidationError):  # not a valid id for this model: no such row
            raise Http404 from None

    def get_objects(self, pks):
        try:
            return list(self.choosable().filter(pk__in=pks))
        except (ValueError, ValidationError):
            raise Http404 from None


class ScopedChooseView(ScopedChooserMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooserMixin, ChooseResultsView):
    pass


class ScopedChosenView(ScopedChooserMixin, SnippetChosenView):
    pass


class ScopedChosenMultipleView(ScopedChooserMixin, SnippetChosenMultipleView):
    pass


class ScopedChooserCreateView(ScopedChooserMixin, SnippetCreateView):
    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:  # snippets are made in their own add view
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedChooserCreateView


# -- the viewset -------------------------------------------------------------------------------------------------------


class ScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose views all go through `permission_policy`'s row scope (see the module docstring).

    Set `policy_class` to the model's policy (a ScopedPermissionPolicy). To add `select_related` to the list,
    override `get_queryset` and call super()."""

    policy_class = ScopedPermissionPolicy
    chooser_viewset_class = ScopedChooserViewSet

    @property
    def permission_policy(self):
        return self.policy_class(self.model)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(request.user, "view")

    def construct_view(self, view_class, **kwargs):
        if hasattr(view_class, "get_object") and not issubclass(view_class, ScopedObjectMixin):
            view_class = type(view_class.__name__, (ScopedObjectMixin, view_class), {})
        return super().construct_view(view_class, **kwargs)

    @property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            permission_policy=self.permission_policy,
        )


def is_scoped(model):
    return isinstance(getattr(model, "snippet_viewset", None), ScopedSnippetViewSet)


# -- bulk actions ------------------------------------------------------------------------------------------------------


class ScopedBulkActionMixin:
    """A snippet bulk action that finds its objects only among the rows the user may view (others: 404)
    and acts on those the policy allows `scope_action` on; the rest are listed as not permitted."""

    scope_action = "change"

    @property
    def permission_policy(self):
        return self.model.snippet_viewset.permission_policy

    def get_queryset(self, model, object_ids):
        rows = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        try:
            return get_list_or_404(rows, pk__in=object_ids)
        except (ValueError, ValidationError):
            raise Http404 from None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, self.scope_action, obj)


class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    """Wagtail's bulk delete asks Django's delete permission; here the model's policy decides, per row."""

    scope_action = "delete"

    def run_before_hook(self):
        # `before_delete_snippet` hooks see every row asked for, also those the policy keeps: an app may
        # refuse the whole request (bookings/wagtail_hooks.py does for its append-only records).
        objects, without_access = self.get_actionable_objects()
        return self.run_hook("before_delete_snippet", self.request, objects + without_access["items_with_no_access"])

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if is_scoped(model)]


# -- form errors -------------------------------------------------------------------------------------------------------


class ServiceErrorsAsFormErrors:
    """A create or edit view whose form saves through a service: its ValidationError (a rule checked under the
    service's lock, such as a booking made meanwhile) comes back as a form error, nothing saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()  # Wagtail's form_invalid shows it
            return self.form_invalid(form)
