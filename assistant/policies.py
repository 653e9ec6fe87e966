"""The permission policies of the assistant's snippets: bots, their models, FAQ and answer templates.

view: the brand's sales staff (their sites' rows); add, change, delete: the head of sales of the site and the
superuser (their sites' rows). Language model settings hold keys: only those who change them see them."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts import roles
from accounts.roles import has_role
from assistant.permissions import managed_site_ids, worked_site_ids
from core.admin import ScopedPermissionPolicy


class BotSettingsPolicy(ScopedPermissionPolicy):
    site_field = "bot__site_id"
    viewers_may_see = True

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return False
        if set(actions) & {"add", "change", "delete"} and managed_site_ids(user):
            return True
        if "view" not in actions:
            return False
        if self.viewers_may_see:
            # every sales manager opens the list; its rows are their sites' (none without a profile)
            return has_role(user, roles.MANAGER) or bool(worked_site_ids(user))
        return bool(managed_site_ids(user))

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(Q(is_superuser=True) | Q(manager_profile__isnull=False)).distinct()

    def scope(self, user):
        sites = worked_site_ids(user) if self.viewers_may_see else managed_site_ids(user)
        return self.model._default_manager.filter(**{f"{self.site_field}__in": sites})

    def instances_user_has_any_permission_for(self, user, actions):
        rows = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= {"view"}:
            return rows
        return rows.filter(**{f"{self.site_field}__in": managed_site_ids(user)})


class BotPolicy(BotSettingsPolicy):
    site_field = "site_id"


class ProviderPolicy(BotSettingsPolicy):
    viewers_may_see = False


class ShopPolicy(BotSettingsPolicy):
    """Marketplace shops hold API keys: the head of sales of the bot's site and the superuser."""

    viewers_may_see = False


class MarketplaceQuestionPolicy(BotSettingsPolicy):
    """Buyers' questions from the marketplaces: the brand's sales staff read, edit and approve the drafts (change);
    they arrive only from the marketplaces (no add); the head of sales deletes."""

    site_field = "shop__bot__site_id"

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return False
        actions = set(actions)
        if "delete" in actions and managed_site_ids(user):
            return True
        if actions & {"view", "change"}:
            return has_role(user, roles.MANAGER) or bool(worked_site_ids(user))
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        sites = worked_site_ids(user) if set(actions) & {"view", "change"} else managed_site_ids(user)
        return self.model._default_manager.filter(**{f"{self.site_field}__in": sites})
