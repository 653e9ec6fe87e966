"""Who sees what of cross-posting in the admin (core.admin applies each policy's scope to every view).

- Platform accounts and their tokens: the superuser alone (view, add, change; an account with publications is
  not deleted, it is switched off).
- Publications: read by the superuser and by whoever has `publishing.view_publication` (the managers' role);
  nobody adds, edits or deletes them in the admin: the monitoring page's actions go through publishing.services,
  for the superuser and whoever has `publishing.republish_publication` (the managers' role)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.admin import ScopedPermissionPolicy

VIEW = "publishing.view_publication"
REPUBLISH = "publishing.republish_publication"


def active(user):
    return user.is_authenticated and user.is_active


def may_view_publications(user):
    return active(user) and (user.is_superuser or user.has_perm(VIEW))


def may_act_on_publications(user):
    return active(user) and (user.is_superuser or user.has_perm(REPUBLISH))


def holders(codename):
    perm = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label="publishing")
    perm |= Q(user_permissions__codename=codename, user_permissions__content_type__app_label="publishing")
    return get_user_model().objects.filter(Q(is_superuser=True) | perm, is_active=True).distinct()


class PlatformAccountPolicy(ScopedPermissionPolicy):
    ACTIONS = frozenset({"view", "add", "change"})

    def user_has_permission(self, user, action):
        return active(user) and user.is_superuser and action in self.ACTIONS

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if set(actions) & self.ACTIONS else users.none()


class PublicationPolicy(ScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and may_view_publications(user)

    def users_with_any_permission(self, actions):
        return holders("view_publication") if "view" in actions else get_user_model().objects.none()
