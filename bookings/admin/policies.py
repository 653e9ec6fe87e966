"""The permission policies of the bookings app's admin: one per model, each with its row scope.

Every admin view of these snippets (list, export, chooser, object views, bulk actions) goes through the
policy's `instances_user_has_permission_for` (core/admin.py); the row rules themselves are in
bookings/permissions.py."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.pages import PagePermissionPolicy

from bookings.permissions import bookings_visible_to, can_moderate_reviews, editable_rentals
from core.admin import ScopedPermissionPolicy


class BookingPermissionPolicy(ScopedPermissionPolicy):
    """View only, and only the rows `bookings_visible_to` allows; never add, edit or delete."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return user.is_active and (user.is_superuser or bookings_visible_to(user).exists())

    def scope(self, user):
        return bookings_visible_to(user)


class RentalScopedPermissionPolicy(ScopedPermissionPolicy):
    """Prices and closed dates: every action on a record is allowed exactly when the user may edit its
    property's page (bookings.permissions.editable_rentals)."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        if not hasattr(user, "_may_edit_some_rental"):  # asked on every admin page for the menu
            user._may_edit_some_rental = editable_rentals(user).exists()
        return user._may_edit_some_rental

    def users_with_any_permission(self, actions):
        return PagePermissionPolicy().users_with_any_permission({"change"})

    def scope(self, user):
        records = self.model._default_manager.select_related("rental")
        if user.is_active and user.is_superuser:
            return records.all()
        return records.filter(rental__in=editable_rentals(user))


class ViewOnlyPermissionPolicy(ScopedPermissionPolicy):
    """Lists to look at, never to edit: only `view` is ever granted, to whoever has the model's view permission.

    Django gives a superuser every permission; this policy still refuses add, change and delete."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


class ReviewPermissionPolicy(ViewOnlyPermissionPolicy):
    """The superuser moderates every review; a realtor (with the `view review` permission) sees those of
    their own properties."""

    def scope(self, user):
        if can_moderate_reviews(user):
            return self.model._default_manager.all()
        # HOOK (agency admins), with bookings.permissions: add the agency's properties here.
        return self.model._default_manager.filter(rental__owner=user)
