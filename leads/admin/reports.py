"""Sales reports in the admin: the head of sales' leads report (sources, stages, managers, funnel, first
contact) and the cashback report, each for a chosen period and site, on screen or as CSV / XLSX.

Scopes: the leads report is for heads of sales (their sites) and the superuser (all); the cashback report
also for managers (their own deals). Rows come from leads.permissions, never from ids in the URL."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Site

from leads import exports, reports
from leads.admin.access import is_sales_staff
from leads.models import CashbackStatus, ManagerProfile
from leads.permissions import deals_visible_to, head_of_sales_sites, leads_visible_to

MAX_PERIOD_DAYS = 3 * 366
PAGE_SIZE = 50


def report_sites(user):
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=head_of_sales_sites(user))


def may_see_sales_report(user):
    return user.is_active and (user.is_superuser or bool(head_of_sales_sites(user)))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("С"), required=False, widget=AdminDateInput)
    end = forms.DateField(label=_("По"), required=False, widget=AdminDateInput)
    site = forms.ModelChoiceField(label=_("Сайт"), queryset=Site.objects.none(), required=False, empty_label=_("Все"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = report_sites(user)
        if not (user.is_superuser or sites.exists()):  # a manager: the sites they work for
            sites = Site.objects.filter(pk__in=ManagerProfile.objects.filter(user=user).values("sites"))
        self.fields["site"].queryset = sites

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("Дата начала позже даты окончания."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Выберите период не длиннее трёх лет."))
        data["start"], data["end"] = start, end
        return data

    def default_filters(self):
        """The filters when the page is opened without any: the last 30 days, every site in scope."""
        today = timezone.localdate()
        return {"start": today - timedelta(days=29), "end": today, "site": None}


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    form_class = PeriodForm
    header_icon = "table"

    def may_see(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.GET or None, user=self.request.user)

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if request.GET and not form.is_valid():
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response
        filters = form.cleaned_data if request.GET else form.default_filters()
        tables, extra = self.build(filters)
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return exports.export(self.export_tables(tables, filters), self.filename(filters), fmt)
        return self.render_to_response(self.get_context_data(form=form, tables=tables, filters=filters, **extra))

    def filename(self, filters):
        return f"{self.file_prefix}-{filters['start']:%Y-%m-%d}-{filters['end']:%Y-%m-%d}"

    def export_tables(self, tables, filters):
        return tables

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("p", None)
        return super().get_context_data(query=query.urlencode(), **kwargs)


class SalesReportView(ReportView):
    template_name = "leads/admin/sales_report.html"
    page_title = _("Отчёт по заявкам")
    file_prefix = "leads-report"

    def may_see(self, user):
        return may_see_sales_report(user)

    def build(self, filters):
        leads = reports.in_period(leads_visible_to(self.request.user), filters["start"], filters["end"])
        if filters["site"]:
            leads = leads.filter(site=filters["site"])
        return reports.sales_tables(leads), {}


class CashbackFilterForm(PeriodForm):
    status = forms.ChoiceField(
        label=_("Статус кэшбека"), choices=[("", _("Все")), *CashbackStatus.choices], required=False
    )
    manager = forms.ModelChoiceField(
        label=_("Менеджер"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Все")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        sites = self.fields["site"].queryset
        self.fields["manager"].queryset = (
            get_user_model()
            .objects.filter(manager_profile__sites__in=sites)
            .distinct()
            .order_by("last_name", "first_name", "email")
        )

    def default_filters(self):
        return {**super().default_filters(), "status": "", "manager": None}


class CashbackReportView(ReportView):
    template_name = "leads/admin/cashback_report.html"
    page_title = _("Отчёт по кэшбеку")
    form_class = CashbackFilterForm
    file_prefix = "cashback-report"

    def may_see(self, user):
        return is_sales_staff(user)

    def deals(self, filters):
        deals = deals_visible_to(self.request.user).filter(
            opened_on__gte=filters["start"], opened_on__lte=filters["end"]
        )
        if filters["site"]:
            deals = deals.filter(lead__site=filters["site"])
        if filters["status"]:
            deals = deals.filter(cashback_status=filters["status"])
        if filters["manager"]:
            deals = deals.filter(lead__manager=filters["manager"])
        return deals

    def build(self, filters):
        deals = self.deals(filters)
        page = Paginator(reports.cashback_deals(deals), PAGE_SIZE).get_page(self.request.GET.get("p"))
        rows = reports.Table("cashback", _("Сделки и кэшбек"), reports.CASHBACK_HEADERS)
        rows.rows = [reports.cashback_row(deal) for deal in page.object_list]
        return [reports.cashback_totals(deals), rows], {"page": page}

    def export_tables(self, tables, filters):
        return [tables[0], reports.cashback_table(self.deals(filters))]


def admin_urls():
    urls = [
        path("sales/", SalesReportView.as_view(), name="sales"),
        path("cashback/", CashbackReportView.as_view(), name="cashback"),
    ]
    return [path("leads-reports/", include((urls, "leads_reports")))]


class ReportMenuItem(MenuItem):
    def __init__(self, *args, may_see, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_see = may_see

    def is_shown(self, request):
        return self.may_see(request.user)


def sales_report_menu_item():
    return ReportMenuItem(
        _("Отчёт по заявкам"),
        reverse("leads_reports:sales"),
        name="leads_sales_report",
        icon_name="table",
        order=320,
        may_see=may_see_sales_report,
    )


def cashback_report_menu_item():
    return ReportMenuItem(
        _("Отчёт по кэшбеку"),
        reverse("leads_reports:cashback"),
        name="leads_cashback_report",
        icon_name="table",
        order=321,
        may_see=is_sales_staff,
    )
