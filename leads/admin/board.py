"""The pipeline board: a column per stage with its count and its newest cards, filtered by site and manager.

Same rows as the list (`leads_visible_to`). Moving a card is a small POST form per allowed move, sent to the
lead's work view, which checks it and comes back here; no JavaScript needed (with it, htmx swaps the board
in place). Closed columns (won, lost) show
the last CLOSED_DAYS days only. The page takes a fixed number of queries whatever the number of leads."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from core.admin import AdminPageMixin
from leads import scoring
from leads.admin.leads import allowed_moves, managers_in_scope, sites_in_scope
from leads.admin.policies import LeadPermissionPolicy
from leads.models import CLOSED_STAGES, Lead, LeadScoringSettings, LeadStage, LostReason
from leads.permissions import leads_visible_to

CARDS_PER_COLUMN = 30
CLOSED_DAYS = 30


def may_see_board(user):
    return LeadPermissionPolicy(Lead).user_has_permission(user, "view")


class BoardView(AdminPageMixin, TemplateView):
    template_name = "leads/admin/board.html"
    page_title = _("Доска заявок")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_board(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filtered(self):
        leads = leads_visible_to(self.request.user)
        self.site_choices = list(sites_in_scope(self.request.user))
        self.manager_choices = list(managers_in_scope(self.request.user))
        self.site_id = _int(self.request.GET.get("site"))
        self.manager_id = _int(self.request.GET.get("manager"))
        if self.site_id:
            leads = leads.filter(site_id=self.site_id)
        if self.manager_id:
            leads = leads.filter(manager_id=self.manager_id)
        return leads

    def get_context_data(self, **kwargs):
        leads = self.filtered()
        closed_since = timezone.now() - timedelta(days=CLOSED_DAYS)
        rules = LeadScoringSettings.load(request_or_site=self.request)
        counts = dict(
            leads.exclude(stage__in=CLOSED_STAGES, closed_at__lt=closed_since)
            .order_by()
            .values_list("stage")
            .annotate(n=Count("pk"))
        )
        cards = leads.select_related("manager").order_by("-created_at")
        columns = []
        for stage in LeadStage:
            column_cards = cards.filter(stage=stage)
            if stage in CLOSED_STAGES:
                column_cards = column_cards.filter(closed_at__gte=closed_since)
            column_cards = list(column_cards[:CARDS_PER_COLUMN]) if counts.get(stage) else []
            for card in column_cards:
                card.moves = allowed_moves(card)
                card.temperature = scoring.temperature(card.score, rules)
            columns.append({"stage": stage, "count": counts.get(stage, 0), "cards": column_cards})
        return super().get_context_data(
            columns=columns,
            cards_per_column=CARDS_PER_COLUMN,
            closed_days=CLOSED_DAYS,
            lost_reasons=LostReason.choices,
            site_choices=self.site_choices,
            manager_choices=self.manager_choices,
            site_id=self.site_id,
            manager_id=self.manager_id,
            here=self.request.get_full_path(),
            inspect_url_name=Lead.snippet_viewset.get_url_name("inspect"),
            list_url=reverse(Lead.snippet_viewset.get_url_name("list")),
            **kwargs,
        )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_board(request.user)


class LeadBoardViewSet(ViewSet):
    name = "leads_board"
    icon = "table"
    menu_label = _("Доска заявок")
    menu_item_class = BoardMenuItem

    def get_urlpatterns(self):
        return [path("", BoardView.as_view(), name="index")]
