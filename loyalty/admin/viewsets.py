"""«Клуб» in the admin: the club's rows, each viewset scoped by its policy (loyalty/admin/policies.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin import ScopedSnippetViewSet
from loyalty.admin import policies
from loyalty.admin.connectors import ConnectorForm
from loyalty.admin.refunds import PurchaseInspectView
from loyalty.models import (
    Badge,
    BalanceDiscrepancy,
    Chain,
    ChainProgress,
    ChainStepDone,
    ClubPartner,
    ClubRules,
    Connector,
    ConnectorRun,
    Coupon,
    CouponRedemption,
    EventFundLine,
    EventProposal,
    LedgerEntry,
    Member,
    MemberBadge,
    Offer,
    OfferEvent,
    ProposalVote,
    Purchase,
    Referral,
    TierChange,
)


class ClubViewSet(ScopedSnippetViewSet):
    inspect_view_enabled = True
    related = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)


class MemberViewSet(ClubViewSet):
    model = Member
    policy_class = policies.MemberPolicy
    icon = "user"
    related = ("user",)
    list_display = ("__str__", "tier", "points_available", "points_pending", "joined_at")
    list_filter = ("tier",)
    search_fields = ("phone",)
    list_export = ("phone", "tier", "points_available", "points_pending", "joined_at")


class PurchaseViewSet(ClubViewSet):
    model = Purchase
    policy_class = policies.PurchasePolicy
    inspect_view_class = PurchaseInspectView
    icon = "doc-full"
    related = ("partner", "member__user", "category")
    # No description here: a medical partner's purchases have none, and the list is the same for every partner.
    list_display = ("external_id", "partner", "member", "amount", "refunded_amount", "category", "purchased_at")
    list_filter = ("source", "purchased_at")
    search_fields = ("external_id", "phone")
    list_export = ("external_id", "partner", "member", "amount", "discount", "points_spent", "category", "purchased_at")


class LedgerEntryViewSet(ClubViewSet):
    model = LedgerEntry
    policy_class = policies.LedgerEntryPolicy
    icon = "list-ul"
    related = ("member__user", "purchase__partner")
    list_display = ("member", "kind", "amount", "pending", "purchase", "expires_at", "created_at")
    list_filter = ("kind", "pending")
    list_export = ("member", "kind", "amount", "pending", "purchase", "expires_at", "created_at")


class CouponViewSet(ClubViewSet):
    model = Coupon
    policy_class = policies.CouponPolicy
    icon = "tag"
    related = ("partner", "member__user")
    list_display = ("code", "kind", "value", "partner", "member", "valid_to", "times_used", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "title")


class CouponRedemptionViewSet(ClubViewSet):
    model = CouponRedemption
    policy_class = policies.CouponRedemptionPolicy
    icon = "tick"
    related = ("coupon", "member__user", "purchase__partner")
    list_display = ("coupon", "member", "purchase", "discount", "bonus_points", "created_at", "reversed_at")


class TierChangeViewSet(ClubViewSet):
    model = TierChange
    policy_class = policies.SuperuserOnlyPolicy
    icon = "pick"
    related = ("member__user",)
    list_display = ("member", "old_tier", "new_tier", "reason", "created_at")
    list_filter = ("reason", "new_tier")


class BalanceDiscrepancyViewSet(ClubViewSet):
    model = BalanceDiscrepancy
    policy_class = policies.SuperuserOnlyPolicy
    icon = "warning"
    related = ("member__user",)
    list_display = ("member", "stored_available", "ledger_available", "stored_pending", "ledger_pending", "found_at")


class ClubPartnerViewSet(ClubViewSet):
    model = ClubPartner
    policy_class = policies.ClubPartnerPolicy
    icon = "site"
    related = ("business",)
    list_display = ("business", "is_medical", "return_window_days")


class ClubRulesViewSet(ClubViewSet):
    model = ClubRules
    policy_class = policies.ClubRulesPolicy
    icon = "cogs"
    list_display = ("__str__", "insider_rate", "vip_rate", "elite_rate", "return_window_days")


class ConnectorViewSet(ClubViewSet):
    model = Connector
    policy_class = policies.ConnectorPolicy
    icon = "link"
    related = ("partner",)
    list_display = ("__str__", "enabled", "state", "last_sync_at", "last_error", "note")
    list_filter = ("kind", "state", "enabled")
    inspect_view_fields = (
        "partner", "kind", "base_url", "enabled", "note", "state", "last_sync_at", "last_error", "cursor",
    )  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldPanel("partner"),
            FieldPanel("kind"),
            FieldPanel("base_url"),
            FieldPanel("new_credentials"),
            FieldPanel("settings"),
            FieldPanel("enabled"),
            FieldPanel("note"),
        ],
        base_form_class=ConnectorForm,
    )


class ConnectorRunViewSet(ClubViewSet):
    model = ConnectorRun
    policy_class = policies.ConnectorRunPolicy
    icon = "history"
    related = ("connector__partner",)
    list_display = ("connector", "started_at", "fetched", "created", "matched", "waiting", "skipped", "failed", "error")
    inspect_view_fields = (
        "connector", "started_at", "finished_at", "fetched", "created", "matched", "waiting", "skipped", "failed",
        "failed_rows", "error",
    )  # fmt: skip


class ChainViewSet(ClubViewSet):
    model = Chain
    policy_class = policies.ChainPolicy
    icon = "link"
    list_display = ("title", "kind", "window_days", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title",)


class ChainProgressViewSet(ClubViewSet):
    model = ChainProgress
    policy_class = policies.SuperuserOnlyPolicy
    icon = "resubmit"
    related = ("member__user", "chain")
    list_display = ("member", "chain", "position", "round", "started_at", "completed_at")


class ChainStepDoneViewSet(ClubViewSet):
    model = ChainStepDone
    policy_class = policies.ChainStepDonePolicy
    icon = "tick-inverse"
    related = ("member__user", "step__chain", "step__partner", "coupon")
    list_display = ("member", "step", "round", "coupon", "points", "done_at")


class OfferViewSet(ClubViewSet):
    model = Offer
    policy_class = policies.OfferPolicy
    icon = "pick"
    related = ("partner",)
    list_display = ("title", "partner", "kind", "value", "starts_on", "ends_on", "live")
    list_filter = ("live", "kind")
    search_fields = ("title",)


class OfferEventViewSet(ClubViewSet):
    model = OfferEvent
    policy_class = policies.OfferEventPolicy
    icon = "view"
    related = ("offer", "member__user", "purchase")
    list_display = ("offer", "member", "kind", "revenue", "spent", "created_at")
    list_filter = ("kind",)


class ReferralViewSet(ClubViewSet):
    model = Referral
    policy_class = policies.SuperuserOnlyPolicy
    icon = "mail"
    related = ("inviter__user", "invitee__user", "purchase__partner")
    list_display = ("inviter", "invitee", "outcome", "inviter_points", "invitee_points", "created_at")
    list_filter = ("outcome",)


class BadgeViewSet(ClubViewSet):
    model = Badge
    policy_class = policies.BadgePolicy
    icon = "success"
    list_display = ("title", "code", "is_active")


class MemberBadgeViewSet(ClubViewSet):
    model = MemberBadge
    policy_class = policies.SuperuserOnlyPolicy
    icon = "success"
    related = ("member__user", "badge")
    list_display = ("member", "badge", "awarded_at")
    list_filter = ("badge",)


class EventProposalViewSet(ClubViewSet):
    model = EventProposal
    policy_class = policies.SuperuserOnlyPolicy
    icon = "date"
    related = ("member__user", "venue", "event")
    list_display = ("title", "member", "venue", "format", "budget", "status", "voting_closes_at", "created_at")
    list_filter = ("status", "format")
    search_fields = ("title",)


class ProposalVoteViewSet(ClubViewSet):
    model = ProposalVote
    policy_class = policies.SuperuserOnlyPolicy
    icon = "tick"
    related = ("member__user", "proposal", "date")
    list_display = ("proposal", "member", "question", "support", "date", "weight", "changed_at")
    list_filter = ("question",)


class EventFundLineViewSet(ClubViewSet):
    model = EventFundLine
    policy_class = policies.SuperuserOnlyPolicy
    icon = "table"
    related = ("purchase__partner", "event")
    list_display = ("period", "kind", "amount", "purchase", "event_title", "note", "created_at")
    list_filter = ("kind", "period")
    list_export = ("period", "kind", "amount", "rate", "purchase", "event_title", "note", "created_at")


class ClubGroup(SnippetViewSetGroup):
    menu_label = _("Клуб")
    menu_icon = "group"
    menu_order = 230
    items = (
        MemberViewSet,
        PurchaseViewSet,
        LedgerEntryViewSet,
        CouponViewSet,
        CouponRedemptionViewSet,
        TierChangeViewSet,
        BalanceDiscrepancyViewSet,
        OfferViewSet,
        OfferEventViewSet,
        ChainViewSet,
        ChainProgressViewSet,
        ChainStepDoneViewSet,
        ReferralViewSet,
        BadgeViewSet,
        MemberBadgeViewSet,
        ClubPartnerViewSet,
        ClubRulesViewSet,
        ConnectorViewSet,
        ConnectorRunViewSet,
        EventProposalViewSet,
        ProposalVoteViewSet,
        EventFundLineViewSet,
    )
