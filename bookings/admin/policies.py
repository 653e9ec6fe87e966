"""Permission policy of the bookings app's read-only admin lists (reviews, the door-code log)."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Lists to look at, never to edit: only `view` is ever granted, to whoever has the model's view permission.

    Django gives a superuser every permission; this policy still refuses add, change and delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])
