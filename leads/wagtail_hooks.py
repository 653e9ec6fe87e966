"""The CRM in the Wagtail admin: each part registers its viewsets from its module in leads/admin/."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from leads import dashboard
from leads.admin import calendar as calendar_views
from leads.admin import deals as deals_admin
from leads.admin import reports as reports_admin
from leads.admin.availability import ManagerProfileViewSet
from leads.admin.board import LeadBoardViewSet
from leads.admin.leads import LeadViewSet
from leads.admin.tasks import AppointmentViewSet, TaskViewSet
from leads.models import Appointment, Lead, Task
from leads.permissions import calendar_owner_ids


class CRMGroup(SnippetViewSetGroup):
    """The «CRM» menu. Each part adds its viewset (snippet or plain admin ViewSet) to `items`, one per line."""

    menu_label = _("CRM")
    menu_icon = "group"
    menu_order = 150
    items = (
        LeadViewSet,
        LeadBoardViewSet,
    )


register_snippet(CRMGroup)


@hooks.register("insert_global_admin_css")
def leads_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("leads/admin.css"))


# -- the calendar: availability, tasks, meetings, the week view (leads/admin/availability.py, tasks.py, calendar.py) --


class CalendarGroup(SnippetViewSetGroup):
    menu_label = _("Календарь и график")
    menu_icon = "date"
    menu_order = 310
    items = (AppointmentViewSet, TaskViewSet, ManagerProfileViewSet)


register_snippet(CalendarGroup)


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or calendar_owner_ids(user).exists()


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return CalendarMenuItem(_("Мой календарь"), reverse("leads_calendar:index"), icon_name="calendar", order=305)


@hooks.register("register_admin_urls")
def calendar_urls():
    urls = [
        path("", calendar_views.calendar_view, name="index"),
        path("feed/regenerate/", calendar_views.regenerate_feed, name="feed_regenerate"),
        path("meetings/<int:pk>/", calendar_views.appointment_view, name="appointment"),
        path("leads/<int:lead_id>/book/", calendar_views.book_view, name="book"),
        path("tasks/<int:pk>/done/", calendar_views.task_done_view, name="task_done"),
    ]
    return [path("calendar/", include((urls, "leads_calendar")))]


@hooks.register("register_snippet_listing_buttons")
def calendar_listing_buttons(snippet, user, next_url=None):
    # The lists are already scoped, and each view checks the row itself.
    if isinstance(snippet, Appointment):
        yield Button(
            _("Перенести, отменить, итог"),
            reverse("leads_calendar:appointment", args=[snippet.pk]),
            icon_name="calendar-check",
        )
    elif isinstance(snippet, Task) and snippet.done_at is None:
        yield Button(_("Выполнена"), reverse("leads_calendar:task_done", args=[snippet.pk]), icon_name="tick")
    elif isinstance(snippet, Lead) and snippet.is_open:
        yield Button(_("Назначить просмотр"), reverse("leads_calendar:book", args=[snippet.pk]), icon_name="date")


# -- deals, cashback rules, sales reports, dashboards (leads/admin/deals.py, reports.py; leads/dashboard.py) --
register_snippet(deals_admin.DealsGroup)


@hooks.register("register_admin_urls")
def deals_and_reports_urls():
    return deals_admin.admin_urls() + reports_admin.admin_urls()


hooks.register("register_admin_menu_item", reports_admin.sales_report_menu_item)
hooks.register("register_admin_menu_item", reports_admin.cashback_report_menu_item)


@hooks.register("construct_homepage_panels")
def add_sales_panels(request, panels):
    panels.extend(dashboard.panels_for(request))
