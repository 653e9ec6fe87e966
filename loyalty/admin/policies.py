"""The club's permission policies: one per model, each with its row scope (core/admin.py applies it to every view).

- The superuser sees everything; edits only the club's settings (rules, partners' settings) and coupons. Members,
  purchases, the ledger and coupon uses are written by loyalty.services alone, so nobody edits them here.
- A business owner views the rows of their own partner (catalog.partners_admin.owned_businesses): its purchases,
  their ledger lines and coupon uses, its coupons and settings, and the members who bought from it. A medical
  partner's purchases carry no description at all (loyalty.services drops it), so there is nothing more to hide.
- Every other role sees none of it."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts import roles
from catalog.partners_admin import owned_businesses
from core.admin import ScopedPermissionPolicy
from loyalty.models import ChainStep, Purchase

VIEW = frozenset({"view"})
MANAGE = frozenset({"view", "add", "change", "delete"})


def owned_partner_ids(user):
    """The partner pages a business owner runs (none for any other role); read once per user object."""
    if not roles.has_role(user, roles.BUSINESS_OWNER):
        return []
    if not hasattr(user, "_club_partner_ids"):
        user._club_partner_ids = list(owned_businesses(user).values_list("pk", flat=True))
    return user._club_partner_ids


class ClubPolicy(ScopedPermissionPolicy):
    """`superuser_actions` for the superuser; "view" of the rows whose `partner_lookup` is theirs for a business
    owner (no lookup: the superuser's alone)."""

    superuser_actions = VIEW
    partner_lookup = None

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return action in self.superuser_actions
        return action == "view" and self.partner_lookup is not None and roles.has_role(user, roles.BUSINESS_OWNER)

    def users_with_any_permission(self, actions):
        who = Q(is_superuser=True) if set(actions) & self.superuser_actions else Q(pk__in=[])
        if "view" in actions and self.partner_lookup is not None:
            who |= Q(groups__name=roles.ROLES[roles.BUSINESS_OWNER].name)
        return get_user_model().objects.filter(who, is_active=True).distinct()

    def scope(self, user):
        rows = self.model._default_manager.all()
        if user.is_superuser:
            return rows
        return rows.filter(**{f"{self.partner_lookup}__in": owned_partner_ids(user)})


class ClubRulesPolicy(ClubPolicy):
    """One row, made by the migration: the superuser views and changes it (each save a revision)."""

    superuser_actions = frozenset({"view", "change"})


class ClubPartnerPolicy(ClubPolicy):
    superuser_actions = MANAGE
    partner_lookup = "business"


class CouponPolicy(ClubPolicy):
    superuser_actions = MANAGE
    partner_lookup = "partner"


class PurchasePolicy(ClubPolicy):
    partner_lookup = "partner"


class LedgerEntryPolicy(ClubPolicy):
    partner_lookup = "purchase__partner"


class CouponRedemptionPolicy(ClubPolicy):
    partner_lookup = "purchase__partner"


class MemberPolicy(ClubPolicy):
    """A business owner sees the members who bought from their partner."""

    partner_lookup = "purchases__partner"

    def scope(self, user):
        rows = self.model._default_manager.all()
        if user.is_superuser:
            return rows
        buyers = Purchase.objects.filter(partner__in=owned_partner_ids(user), member__isnull=False)
        return rows.filter(pk__in=buyers.values("member"))


class SuperuserOnlyPolicy(ClubPolicy):
    """Tier changes and balance discrepancies: the superuser reads them."""


class ConnectorPolicy(ClubPolicy):
    """The superuser sets connectors up; a business owner sees their own partner's (and may sync them now)."""

    superuser_actions = MANAGE
    partner_lookup = "partner"


class ConnectorRunPolicy(ClubPolicy):
    partner_lookup = "connector__partner"


class ChainPolicy(ClubPolicy):
    """The superuser makes chains; a business owner views the chains with a step at their partner (and their
    report)."""

    superuser_actions = MANAGE
    partner_lookup = "steps__partner"

    def scope(self, user):
        rows = self.model._default_manager.all()
        if user.is_superuser:
            return rows
        return rows.filter(pk__in=ChainStep.objects.filter(partner__in=owned_partner_ids(user)).values("chain"))


class ChainStepDonePolicy(ClubPolicy):
    """Steps done: a business owner sees those done at their partner."""

    partner_lookup = "step__partner"


class OfferPolicy(ClubPolicy):
    """A business owner drafts their partner's offers and submits them to the workflow; only the superuser
    publishes (approves) them or deletes them."""

    superuser_actions = frozenset({*MANAGE, "publish"})
    owner_actions = frozenset({"view", "add", "change"})
    partner_lookup = "partner"

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return action in self.superuser_actions
        return action in self.owner_actions and roles.has_role(user, roles.BUSINESS_OWNER)

    def users_with_any_permission(self, actions):
        who = Q(is_superuser=True) if set(actions) & self.superuser_actions else Q(pk__in=[])
        if set(actions) & self.owner_actions:
            who |= Q(groups__name=roles.ROLES[roles.BUSINESS_OWNER].name)
        return get_user_model().objects.filter(who, is_active=True).distinct()


class OfferEventPolicy(ClubPolicy):
    partner_lookup = "offer__partner"


class BadgePolicy(ClubPolicy):
    """The badge catalogue (made by a migration, one badge per achievement): the superuser renames or switches
    them off."""

    superuser_actions = frozenset({"view", "change"})


class ImportJobPolicy(ClubPolicy):
    """Files of purchases: the superuser and a partner's owner upload them for the partner and follow them."""

    superuser_actions = frozenset({"view", "add"})
    partner_lookup = "partner"

    def user_has_permission(self, user, action):
        if user.is_authenticated and user.is_active and not user.is_superuser:
            return action in self.superuser_actions and roles.has_role(user, roles.BUSINESS_OWNER)
        return super().user_has_permission(user, action)
