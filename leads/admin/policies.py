"""Who may do what with leads in the admin; the rows themselves come from leads.permissions.

- view: whoever has the model permission `leads.view_lead` (the manager role, the superuser) sees the list,
  and in it only the rows `leads_visible_to` gives them: a manager their own leads, a head of sales every lead
  of their sites, the superuser all. Any other lead's id in a URL is a 404.
- add: a manager (`leads.add_lead`) records a lead that came by phone; web leads come only from the site's
  forms, so the add form makes phone leads and nothing else (leads/admin/phone_leads.py).
- change: nobody. There is no edit form: a lead changes only through its work view's actions (a call, a
  message, a note, a stage move, a reassignment), which go through leads.pipeline and are checked per row.
- delete: the superuser only (erasing personal data on request)."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from leads.models import Lead
from leads.permissions import leads_visible_to


class LeadPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "delete":
            return user.is_superuser
        if action in ("view", "add"):
            return super().user_has_permission(user, action)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = set(actions) & {"view", "add"}
        if not actions:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return super().users_with_any_permission(actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and leads_visible_to(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Lead.objects.none()
        return leads_visible_to(user)
