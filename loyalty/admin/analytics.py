"""The club's business analytics in the admin (loyalty.services.analytics): a business owner's about their own
partner(s), the superuser's across all partners with a partner filter, and the club's metrics for the superuser.

Every page makes a constant number of queries (tests/loyalty/test_analytics.py counts them). Charts are inline
SVG drawn on the server (loyalty.templatetags.club_charts): no script, nothing from outside."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from openpyxl import Workbook
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from catalog.models import BusinessPage
from loyalty.admin.policies import owned_partner_ids
from loyalty.models import ChurnModel, ClubMonth, Purchase, Segment
from loyalty.services import analytics

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_CHOICES = [
    ("day", gettext_lazy("по дням")),
    ("week", gettext_lazy("по неделям")),
    ("month", gettext_lazy("по месяцам")),
]
REASONS = {
    "recency": gettext_lazy("давно не покупала"),
    "frequency": gettext_lazy("мало покупок"),
    "monetary": gettext_lazy("небольшие суммы"),
    "tenure": gettext_lazy("давно в клубе"),
    "categories": gettext_lazy("мало категорий"),
    "": gettext_lazy("нет явной причины"),
}
SOURCE_LABELS = {
    "own": gettext_lazy("сами"),
    "referral": gettext_lazy("по приглашению"),
    "chain": gettext_lazy("по цепочке"),
    "offer": gettext_lazy("по предложению"),
}


class PeriodFilter(django_filters.FilterSet):
    """The dashboards' form: which partner (the superuser may pick one; an owner with several too), which dates,
    and by what period. It filters nothing itself: the views pass its cleaned values to the analytics."""

    partner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Партнёр"), queryset=BusinessPage.objects.none(), method="keep",
        empty_label=gettext_lazy("Все партнёры"),
    )  # fmt: skip
    start = django_filters.DateFilter(
        label=gettext_lazy("С"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = django_filters.DateFilter(
        label=gettext_lazy("По"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )
    period = django_filters.ChoiceFilter(
        label=gettext_lazy("Шаг"), choices=PERIOD_CHOICES, method="keep", empty_label=None
    )

    class Meta:
        model = Purchase
        fields = []

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["partner"].queryset = partners
        self.form.fields["partner"].queryset = partners

    def keep(self, queryset, name, value):
        return queryset


def partners_of(user):
    """The partners whose analytics the user may read: all for the superuser, their own for an owner."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    if user.is_superuser:
        return BusinessPage.objects.filter(locale__language_code="ru").order_by("title")
    ids = owned_partner_ids(user)
    if not ids:
        raise PermissionDenied
    return BusinessPage.objects.filter(pk__in=ids).order_by("title")


class AnalyticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "loyalty/admin/analytics.html"
    header_icon = "view"
    tab = "overview"
    superuser_only = False

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.partners = partners_of(request.user)
        if self.superuser_only and not request.user.is_superuser:
            raise PermissionDenied
        today = timezone.localdate()
        query = request.GET.copy()
        query.setdefault("end", today.isoformat())
        query.setdefault("start", (today - timedelta(days=364)).replace(day=1).isoformat())
        query.setdefault("period", "month")
        self.filters = PeriodFilter(query, partners=self.partners)
        data = self.filters.form.cleaned_data if self.filters.form.is_valid() else {}
        self.end = data.get("end") or today
        self.start = data.get("start") or (self.end - timedelta(days=364)).replace(day=1)
        self.period = data.get("period") or "month"
        self.partner = data.get("partner")
        if self.partner is not None:
            self.scope = [self.partner.pk]
        elif request.user.is_superuser:
            self.scope = None
        else:
            self.scope = owned_partner_ids(request.user)
        # the stored per-partner rows (RFM): one partner, or the club's rows for the superuser's «all»
        # (an owner of several partners who picked none sees the first of theirs: never the club's rows)
        self.score_partner = self.scope[0] if self.scope else None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tabs = [
            ("overview", gettext_lazy("Общая статистика"), "loyalty_analytics"),
            ("sources", gettext_lazy("Откуда и куда"), "loyalty_analytics_sources"),
            ("segments", gettext_lazy("RFM-сегменты"), "loyalty_analytics_segments"),
            ("churn", gettext_lazy("Прогноз оттока"), "loyalty_analytics_churn"),
        ]
        if self.request.user.is_superuser:
            tabs.append(("metrics", gettext_lazy("Метрики клуба"), "loyalty_analytics_metrics"))
        query = self.request.GET.urlencode()
        return {
            **super().get_context_data(**kwargs),
            "filters": self.filters,
            "tab": self.tab,
            "tabs": [(code, label, reverse(name) + (f"?{query}" if query else "")) for code, label, name in tabs],
            "query": query,
            "show_partner": self.request.user.is_superuser or len(owned_partner_ids(self.request.user)) > 1,
            "start": self.start,
            "end": self.end,
        }


class OverviewView(AnalyticsView):
    page_title = gettext_lazy("Аналитика клуба")

    def get(self, request, *args, **kwargs):
        self.figures = analytics.overview(self.scope, self.start, self.end, self.period)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return download(export, "club-analytics", overview_headers(), overview_rows(self.figures))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = self.figures.rows
        labels = [row.period.strftime("%d.%m" if self.period != "month" else "%m.%Y") for row in rows]
        return {
            **super().get_context_data(**kwargs),
            "figures": self.figures,
            "revenue_chart": {"labels": labels, "values": [row.revenue for row in rows]},
            "customers_chart": {
                "labels": labels,
                "series": [
                    (gettext_lazy("новые"), [row.new for row in rows]),
                    (gettext_lazy("вернувшиеся"), [row.returning for row in rows]),
                ],
            },
        }


def overview_headers():
    return [
        gettext_lazy("Период"), gettext_lazy("Клиентки"), gettext_lazy("Новые"), gettext_lazy("Вернувшиеся"),
        gettext_lazy("Покупки"), gettext_lazy("Выручка, ₽"), gettext_lazy("Средний чек, ₽"),
        gettext_lazy("Начислено баллов"), gettext_lazy("Оплачено баллами"),
    ]  # fmt: skip


def overview_rows(figures):
    return [
        [row.period, row.customers, row.new, row.returning, row.purchases, row.revenue, row.average_check,
         row.points_earned, row.points_spent]
        for row in figures.rows
    ]  # fmt: skip


def download(kind, filename, headers, rows):
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(header) for header in headers])
        for row in rows:
            writer.writerow(
                # Money and points with two decimals on every database (SQLite's sums come back without them).
                ["" if v is None else f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else v for v in row]
            )
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([str(header) for header in headers])
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


class SourcesView(AnalyticsView):
    page_title = gettext_lazy("Откуда приходят и куда идут клиентки")
    tab = "sources"

    def get_context_data(self, **kwargs):
        counts = analytics.sources(self.scope, self.start, self.end)
        chart = {"labels": [str(SOURCE_LABELS[code]) for code in counts], "values": list(counts.values())}
        following = analytics.next_partners(self.scope, self.start, self.end) if self.scope else None
        return {**super().get_context_data(**kwargs), "sources": chart, "next_partners": following}


class SegmentsView(AnalyticsView):
    page_title = gettext_lazy("RFM-сегменты")
    tab = "segments"

    def get_context_data(self, **kwargs):
        counts = analytics.segments(self.score_partner)
        rows = [(code, Segment(code).label, count) for code, count in counts.items()]
        return {
            **super().get_context_data(**kwargs),
            "segments": rows,
            "chart": {"labels": [str(label) for _, label, _ in rows], "values": [n for _, _, n in rows]},
            "score_partner": self.score_partner,
            "computed_at": ChurnModel.objects.values_list("fitted_at", flat=True).first(),
        }


class SegmentDownloadView(AnalyticsView):
    def get(self, request, *args, **kwargs):
        segment = kwargs["segment"]
        if segment not in Segment.values:
            raise Http404
        rows = [
            [score.member.phone, score.member.user.get_full_name(), score.last_purchase_at.date(), score.frequency,
             score.monetary, f"{score.recency_score}{score.frequency_score}{score.monetary_score}"]
            for score in analytics.segment_members(self.score_partner, segment)
        ]  # fmt: skip
        headers = [
            gettext_lazy("Телефон"), gettext_lazy("Имя"), gettext_lazy("Последняя покупка"), gettext_lazy("Покупок"),
            gettext_lazy("Сумма, ₽"), "RFM",
        ]  # fmt: skip
        return download("csv", f"segment-{segment}", headers, rows)


class ChurnView(AnalyticsView):
    page_title = gettext_lazy("Прогноз оттока")
    tab = "churn"

    def get_context_data(self, **kwargs):
        model = ChurnModel.objects.first()
        risky = [(score, REASONS.get(score.churn_reason, "")) for score in analytics.at_risk(self.score_partner)]
        return {**super().get_context_data(**kwargs), "model": model, "at_risk": risky}


class MetricsView(AnalyticsView):
    page_title = gettext_lazy("Метрики клуба")
    tab = "metrics"
    superuser_only = True

    def get_context_data(self, **kwargs):
        months = list(ClubMonth.objects.order_by("-month")[:12])[::-1]
        labels = [month.month.strftime("%m.%Y") for month in months]

        def line(name):
            return {"labels": labels, "values": [getattr(month, name) or 0 for month in months]}

        return {
            **super().get_context_data(**kwargs),
            "months": months,
            "north_star": line("north_star"),
            "retention": line("retention"),
            "ltv": line("ltv"),
        }


def urls():
    return [
        path("club/analytics/", OverviewView.as_view(), name="loyalty_analytics"),
        path("club/analytics/sources/", SourcesView.as_view(), name="loyalty_analytics_sources"),
        path("club/analytics/segments/", SegmentsView.as_view(), name="loyalty_analytics_segments"),
        path(
            "club/analytics/segments/<str:segment>.csv",
            SegmentDownloadView.as_view(),
            name="loyalty_analytics_segment_csv",
        ),
        path("club/analytics/churn/", ChurnView.as_view(), name="loyalty_analytics_churn"),
        path("club/analytics/metrics/", MetricsView.as_view(), name="loyalty_analytics_metrics"),
    ]


def menu_item():
    return RoleMenuItem(
        gettext_lazy("Аналитика клуба"),
        reverse("loyalty_analytics"),
        name="club_analytics",
        icon_name="view",
        order=93,
        roles_shown={roles.BUSINESS_OWNER, roles.SUPERUSER},
    )
