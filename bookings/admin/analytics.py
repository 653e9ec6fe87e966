"""«Аналитика» in the bookings menu: the period form, the page of tables and their CSV/XLSX exports.

Who may look: whoever may edit some rental (realtor, agency admin) and the superuser; each sees the figures
of the properties they manage (bookings.analytics). Everyone else gets 403."""

from datetime import timedelta

from django import forms
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput

from bookings import exports
from bookings.analytics import BookingAnalytics, Grouping, Period, Ranking, analytics_rentals

PAGE_ROWS = 30
MAX_DAYS = 731
MAX_DAYS_BY_DAY = 92
DAYS_BEFORE, DAYS_AFTER = 60, 30


def may_see_analytics(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_may_edit_some_rental"):  # asked on every admin page for the menu (as in admin/pricing.py)
        user._may_edit_some_rental = analytics_rentals(user).exists()
    return user._may_edit_some_rental


class AnalyticsForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("С"),
        widget=AdminDateInput,
        error_messages={"required": gettext_lazy("Укажите начало периода."), "invalid": gettext_lazy("Неверная дата.")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("По (включительно)"),
        widget=AdminDateInput,
        error_messages={"required": gettext_lazy("Укажите конец периода."), "invalid": gettext_lazy("Неверная дата.")},
    )
    grouping = forms.ChoiceField(
        label=gettext_lazy("Группировка"),
        choices=Grouping.choices,
        error_messages={"invalid_choice": gettext_lazy("Выберите группировку: по дням, неделям или месяцам.")},
    )
    ranking = forms.ChoiceField(
        label=gettext_lazy("Топ-5"),
        choices=Ranking.choices,
        error_messages={
            "invalid_choice": gettext_lazy("Выберите, по чему строить топ-5: по доходу или по числу броней.")
        },
    )
    rental = forms.ModelChoiceField(
        label=gettext_lazy("Объект"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Все объекты"),
        error_messages={"invalid_choice": gettext_lazy("Такого объекта нет среди ваших.")},
    )

    def __init__(self, data, *, user):
        super().__init__(with_defaults(data))
        self.fields["rental"].queryset = analytics_rentals(user).order_by("title", "pk")

    def clean(self):
        cleaned = super().clean()
        start, end, grouping = cleaned.get("date_from"), cleaned.get("date_to"), cleaned.get("grouping")
        if start and end:
            if end < start:
                self.add_error("date_to", _("Дата «по» не может быть раньше даты «с»."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("date_to", _("Выберите период не длиннее двух лет."))
            elif grouping == Grouping.DAY and (end - start).days + 1 > MAX_DAYS_BY_DAY:
                self.add_error(
                    "grouping",
                    _("По дням можно смотреть не больше %(days)s дней: выберите группировку по неделям или месяцам.")
                    % {"days": MAX_DAYS_BY_DAY},
                )
        return cleaned

    @property
    def period(self):
        data = self.cleaned_data
        return Period(start=data["date_from"], end=data["date_to"], grouping=data["grouping"])

    def analytics(self, user, page_rows=None):
        data = self.cleaned_data
        return BookingAnalytics(
            user, self.period, rental=data.get("rental"), page_rows=page_rows, ranking=data["ranking"]
        )


def with_defaults(data):
    """The query string with the default period filled in where a value is missing."""
    today = timezone.localdate()
    defaults = {
        "date_from": (today - timedelta(days=DAYS_BEFORE)).isoformat(),
        "date_to": (today + timedelta(days=DAYS_AFTER)).isoformat(),
        "grouping": Grouping.WEEK,
        "ranking": Ranking.REVENUE,
    }
    data = data.copy()
    for key, value in defaults.items():
        if not data.get(key):
            data[key] = value
    return data


def forbidden(request):
    """A plain 403 (Wagtail would turn a PermissionDenied into a redirect to the dashboard)."""
    message = _("Аналитика бронирований открыта риелторам, администраторам агентств и суперпользователю.")
    context = {"page_title": _("Нет доступа"), "header_title": _("Нет доступа"), "message": message}
    return TemplateResponse(request, "bookings/admin/analytics_forbidden.html", context, status=403)


@never_cache
def analytics_view(request):
    if not may_see_analytics(request.user):
        return forbidden(request)
    form = AnalyticsForm(request.GET, user=request.user)
    context = {
        "form": form,
        "page_title": _("Аналитика"),
        "header_title": _("Аналитика бронирований"),
        "header_icon": "table",
        "formats": exports.FORMATS,
    }
    if not form.is_valid():
        return TemplateResponse(request, "bookings/admin/analytics.html", context, status=400)
    report = form.analytics(request.user, page_rows=PAGE_ROWS)
    tables = report.tables()
    context.update(
        period=report.period,
        tables=tables,
        tops=[tables[key] for key in ("top_properties", "top_clients", "top_realtors", "top_agencies")],
        query=request.GET.urlencode(),
        export_url=reverse("bookings_analytics:export_all", args=["xlsx"]),
    )
    return TemplateResponse(request, "bookings/admin/analytics.html", context)


@never_cache
def export_view(request, table, fmt):
    if not may_see_analytics(request.user):
        return forbidden(request)
    form = AnalyticsForm(request.GET, user=request.user)
    if fmt not in exports.FORMATS or (table is not None and table not in BookingAnalytics.TABLES):
        raise Http404
    if table is None and fmt != exports.XLSX:  # all the tables: one workbook, a sheet each
        raise Http404
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    report = form.analytics(request.user)
    if table is None:
        return exports.workbook_response(list(report.tables().values()), report.period)
    return exports.response(report.table(table), report.period, fmt)


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_analytics(request.user)


class AnalyticsViewSet(ViewSet):
    name = "bookings_analytics"
    url_prefix = "bookings/analytics"
    icon = "table"
    menu_label = gettext_lazy("Аналитика")
    menu_item_class = AnalyticsMenuItem

    def get_urlpatterns(self):
        return [
            path("", analytics_view, name="index"),
            path("export.<str:fmt>", export_view, {"table": None}, name="export_all"),
            path("<str:table>.<str:fmt>", export_view, name="export"),
        ]
