"""The permission policies of the CRM's admin: one per model, each with its row scope.

Every admin view of these snippets (list, export, chooser, object views, bulk actions) goes through the
policy's `instances_user_has_permission_for` (core/admin.py); the row rules themselves are in
leads/permissions.py.

Leads:
- view: whoever has the model permission `leads.view_lead` (the manager role, the superuser) sees the list,
  and in it only the rows `leads_visible_to` gives them: a manager their own leads, a head of sales every lead
  of their sites, the superuser all. Any other lead's id in a URL is a 404.
- add: a manager (`leads.add_lead`) records a lead that came by phone; web leads come only from the site's
  forms, so the add form makes phone leads and nothing else (leads/admin/phone_leads.py).
- change: nobody. There is no edit form: a lead changes only through its work view's actions (a call, a
  message, a note, a stage move, a reassignment), which go through leads.pipeline and are checked per row.
- delete: the superuser only (erasing personal data on request)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.admin import ScopedPermissionPolicy
from leads.admin.access import is_sales_staff, rule_site_ids
from leads.permissions import (
    appointments_visible_to,
    calendar_owner_ids,
    deals_visible_to,
    leads_visible_to,
    manager_sites,
    manages_profiles,
    profiles_visible_to,
    tasks_visible_to,
    visible_owner_ids,
    visible_profile_ids,
)


class LeadPermissionPolicy(ScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "delete":
            return user.is_superuser
        if action in ("view", "add"):
            return super().user_has_permission(user, action)
        return False

    def users_with_any_permission(self, actions):
        actions = set(actions) & {"view", "add"}
        if not actions:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return super().users_with_any_permission(actions)

    def scope(self, user):
        return leads_visible_to(user)


class DealPermissionPolicy(ScopedPermissionPolicy):
    """Look only, at the rows `deals_visible_to` allows; every change goes through the deal page's actions."""

    def user_has_permission(self, user, action):
        return action == "view" and is_sales_staff(user)

    def scope(self, user):
        return deals_visible_to(user)


class CashbackRulePermissionPolicy(ScopedPermissionPolicy):
    """Heads of sales add, edit and delete the rules of their sites; managers read their sites' rules."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_sales_staff(user)
        return bool(rule_site_ids(user))

    def scope(self, user):
        if user.is_active and user.is_superuser:
            return self.model._default_manager.all()
        return self.model._default_manager.filter(site_id__in=manager_sites(user))

    def instances_user_has_any_permission_for(self, user, actions):
        rules = super().instances_user_has_any_permission_for(user, actions)
        if "view" in actions:
            return rules
        return rules.filter(site_id__in=rule_site_ids(user))


class CalendarPermissionPolicy(ScopedPermissionPolicy):
    """Whoever has a calendar (a manager profile, or the superuser) works the rows of their scope;
    `actions` are all the list ever allows."""

    actions = frozenset({"add", "change", "delete", "view"})

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

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # the same rule as the scope, answered without a query per row of a listing
        if not self.user_has_any_permission(user, actions):
            return False
        return user.is_superuser or instance.manager_id in visible_owner_ids(user)


class TaskPermissionPolicy(CalendarPermissionPolicy):
    def scope(self, user):
        return tasks_visible_to(user)


class AppointmentPermissionPolicy(CalendarPermissionPolicy):
    """Meetings are only listed here: their time and status change on the meeting's page (leads.scheduling)."""

    actions = frozenset({"view"})

    def scope(self, user):
        return appointments_visible_to(user)


class ManagerProfilePermissionPolicy(ScopedPermissionPolicy):
    """The superuser and heads of sales add and delete profiles; everyone with a profile views and changes the
    profiles `profiles_visible_to` gives them (a manager their own)."""

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

    def user_has_any_permission_for_instance(self, user, actions, instance):
        # the same rule as the scope, answered without a query per row of the listing
        if not self.user_has_any_permission(user, actions):
            return False
        return user.is_superuser or instance.pk in visible_profile_ids(user)

    def scope(self, user):
        return profiles_visible_to(user)
