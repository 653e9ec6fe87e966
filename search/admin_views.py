"""The editors' search reports in the admin: queries that found nothing, and the most searched ones, per site.

Scope: a user sees the sites whose home page or a top-level section they may publish (editors: every brand,
on ЖильеGO its sections; the superuser: all). Realtors, dealers and business owners, who publish nothing at
that level, see no report. Rows come from `report_sites`, never from ids in the URL."""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from search.models import SearchQueryDay

PERIODS = {"7": 7, "30": 30, "90": 90}
ROWS = 100


def report_sites(user):
    """The sites whose search reports `user` may read."""
    if not (user.is_active and user.is_authenticated):
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    allowed = [
        site.pk
        for site in Site.objects.select_related("root_page")
        if publishable.filter(path__startswith=site.root_page.path, depth__lte=site.root_page.depth + 1).exists()
    ]
    return Site.objects.filter(pk__in=allowed)


class ReportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Сайт"), queryset=Site.objects.none(), required=False, empty_label=_("Все"))
    period = forms.ChoiceField(
        label=_("Период"),
        choices=[("7", _("7 дней")), ("30", _("30 дней")), ("90", _("90 дней"))],
        required=False,
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class SearchQueriesReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/queries_report.html"
    page_title = _("Поиск: запросы без результатов")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        self.sites = report_sites(request.user)
        if not self.sites.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = ReportForm(self.request.GET or None, sites=self.sites)
        data = form.cleaned_data if form.is_valid() else {}
        days = PERIODS.get(data.get("period") or "30", 30)
        since = timezone.localdate() - timedelta(days=days - 1)
        rows = SearchQueryDay.objects.filter(site__in=self.sites, date__gte=since)
        if data.get("site"):
            rows = rows.filter(site=data["site"])
        grouped = rows.values("site__site_name", "query_string").annotate(total=Sum("searches"), last_date=Max("date"))
        return super().get_context_data(
            form=form,
            days=days,
            zero=list(grouped.filter(results=0).order_by("-total", "query_string")[:ROWS]),
            popular=list(grouped.annotate(found=Max("results")).order_by("-total", "query_string")[:ROWS]),
            **kwargs,
        )


def admin_urls():
    return [path("search-queries/", SearchQueriesReportView.as_view(), name="search_queries_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return report_sites(request.user).exists()


def report_menu_item():
    return ReportMenuItem(
        _("Поиск: запросы без результатов"),
        reverse("search_queries_report"),
        name="search-queries-report",
        icon_name="search",
        order=1310,
    )
