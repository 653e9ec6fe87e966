from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from loyalty.admin import analytics, cashier, connectors, events, imports, proposals, refunds, reports
from loyalty.admin.member_actions import URL_NAME, MemberActionsView
from loyalty.admin.viewsets import ClubGroup
from loyalty.models import (
    BalanceDiscrepancy,
    Chain,
    ChainProgress,
    ChainStepDone,
    Connector,
    ConnectorRun,
    CouponRedemption,
    EventFundLine,
    EventProposal,
    LedgerEntry,
    Member,
    MemberBadge,
    OfferEvent,
    ProposalVote,
    Purchase,
    Referral,
    TierChange,
)

register_snippet(ClubGroup)

APPEND_ONLY = (
    Member,
    OfferEvent,
    Purchase,
    LedgerEntry,
    CouponRedemption,
    TierChange,
    BalanceDiscrepancy,
    ChainProgress,
    ChainStepDone,
    Referral,
    MemberBadge,
    ConnectorRun,
    EventProposal,
    ProposalVote,
    EventFundLine,
)


@hooks.register("before_delete_snippet")
def keep_the_ledger(request, instances):
    """Refuse the whole request: only loyalty.services writes these rows, and their policies let nobody delete."""
    if any(isinstance(instance, APPEND_ONLY) for instance in instances):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def member_actions_url():
    return [
        path("club/members/<int:pk>/actions/", MemberActionsView.as_view(), name=URL_NAME),
        path("club/connectors/<int:pk>/sync/", connectors.SyncNowView.as_view(), name=connectors.URL_NAME),
        path("club/chains/<int:pk>/report/", reports.ChainReportView.as_view(), name=reports.URL_NAME),
        path("club/purchases/<int:pk>/refund/", refunds.RefundView.as_view(), name=refunds.URL_NAME),
        path("club/proposals/<int:pk>/", proposals.ProposalModerationView.as_view(), name=proposals.URL_NAME),
        path("club/event-fund/", proposals.EventFundView.as_view(), name=proposals.FUND_URL_NAME),
    ]


@hooks.register("register_snippet_listing_buttons")
def member_actions_button(snippet, user, next_url=None):
    if isinstance(snippet, Member) and user.is_superuser:
        yield Button(_("Баллы и статус"), reverse(URL_NAME, args=[snippet.pk]), icon_name="edit", priority=20)


@hooks.register("register_snippet_listing_buttons")
def connector_sync_button(snippet, user, next_url=None):
    if isinstance(snippet, Connector):  # the view itself checks the user's scope
        yield Button(
            _("Синхронизировать сейчас"), reverse(connectors.URL_NAME, args=[snippet.pk]), icon_name="resubmit",
            priority=20,
        )  # fmt: skip


@hooks.register("register_snippet_listing_buttons")
def refund_button(snippet, user, next_url=None):
    if isinstance(snippet, Purchase) and snippet.refundable > 0:  # the view itself checks the user's scope
        yield Button(_("Вернуть покупку"), reverse(refunds.URL_NAME, args=[snippet.pk]), icon_name="undo", priority=30)


@hooks.register("register_log_actions")
def refund_log_action(actions):
    actions.register_action(refunds.LOG_ACTION, _("Возврат покупки"), _("Покупка возвращена (целиком или частью)"))


@hooks.register("register_snippet_listing_buttons")
def chain_report_button(snippet, user, next_url=None):
    if isinstance(snippet, Chain):
        yield Button(_("Отчёт"), reverse(reports.URL_NAME, args=[snippet.pk]), icon_name="table", priority=20)


@hooks.register("register_admin_urls")
def cashier_urls():
    return [
        path("club/cashier/", cashier.CashierView.as_view(), name=cashier.URL_NAME),
        path("club/cashier/member/", cashier.member_info, name="loyalty_cashier_member"),
        path("club/import/", imports.ImportView.as_view(), name=imports.URL_NAME),
        path("club/import/<int:pk>/", imports.ImportJobView.as_view(), name="loyalty_import_job"),
        path("club/import/<int:pk>/status/", imports.job_status, name="loyalty_import_status"),
        path("club/events/", events.EventListView.as_view(), name=events.URL_NAME),
        path("club/events/<int:pk>/check-in/", events.CheckInView.as_view(), name="loyalty_event_checkin"),
        path("club/events/<int:pk>/check-in/sync/", events.checkin_sync, name="loyalty_event_checkin_sync"),
        path("club/events/<int:pk>/report/", events.EventReportView.as_view(), name="loyalty_event_report"),
    ]


hooks.register("register_admin_menu_item", cashier.menu_item)
hooks.register("register_admin_menu_item", imports.menu_item)


@hooks.register("register_snippet_listing_buttons")
def proposal_moderation_button(snippet, user, next_url=None):
    if isinstance(snippet, EventProposal) and user.is_superuser:
        yield Button(
            _("Модерация и итоги"), reverse(proposals.URL_NAME, args=[snippet.pk]), icon_name="edit", priority=20
        )


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def event_fund_menu_item():
    return SuperuserMenuItem(_("Фонд мероприятий"), reverse(proposals.FUND_URL_NAME), icon_name="table", order=235)


hooks.register("register_admin_menu_item", events.menu_item)
hooks.register("register_admin_urls", analytics.urls)
hooks.register("register_admin_menu_item", analytics.menu_item)


@hooks.register("insert_global_admin_css")
def club_analytics_css():
    return format_html('<link rel="stylesheet" href="{}">', static("loyalty/admin-analytics.css"))
