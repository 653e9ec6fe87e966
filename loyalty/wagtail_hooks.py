from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from loyalty.admin import analytics, cashier, connectors, imports, reports
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
    LedgerEntry,
    Member,
    MemberBadge,
    OfferEvent,
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
    ]


hooks.register("register_admin_menu_item", cashier.menu_item)
hooks.register("register_admin_menu_item", imports.menu_item)


hooks.register("register_admin_urls", analytics.urls)
hooks.register("register_admin_menu_item", analytics.menu_item)


@hooks.register("insert_global_admin_css")
def club_analytics_css():
    return format_html('<link rel="stylesheet" href="{}">', static("loyalty/admin-analytics.css"))
