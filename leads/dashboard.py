"""Sales panels on the Wagtail admin home: a manager's day (new leads, today's meetings, overdue tasks) and,
for heads of sales and the superuser, the last 30 days of their sites. A fixed number of queries each."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import RolePanel
from leads import reports
from leads.clock import leads_time_zone
from leads.models import Appointment, AppointmentStatus, Lead, LeadStage, ManagerProfile, Task
from leads.permissions import leads_visible_to

LIST_LIMIT = 10
OVERVIEW_DAYS = 30


class ManagerDayPanel(RolePanel):
    name = "sales_my_day"
    heading = _("Мой день")
    order = 40
    template_name = "leads/admin/panels/my_day.html"

    def panel_context(self):
        user = self.request.user
        now = timezone.now()
        today = now.astimezone(leads_time_zone()).date()
        day_start, day_end = reports.period_bounds(today, today)
        new_leads = leads_visible_to(user).filter(manager=user, stage=LeadStage.NEW)
        overdue = Task.objects.filter(manager=user, done_at__isnull=True, due_at__lt=now)
        return {
            "new_count": new_leads.count(),
            "new_leads": new_leads.order_by("-created_at")[:LIST_LIMIT],
            "meetings": Appointment.objects.filter(
                manager=user, status=AppointmentStatus.SCHEDULED, starts_at__gte=day_start, starts_at__lt=day_end
            )
            .select_related("lead")
            .order_by("starts_at")[:LIST_LIMIT],
            "overdue_count": overdue.count(),
            "overdue_tasks": overdue.select_related("lead").order_by("due_at")[:LIST_LIMIT],
            "lead_url_name": Lead.snippet_viewset.get_url_name("inspect"),  # each row opens the lead's work view
        }


class SalesOverviewPanel(RolePanel):
    name = "sales_overview"
    heading = _("Продажи за 30 дней")
    order = 41
    template_name = "leads/admin/panels/sales_overview.html"

    def panel_context(self):
        end = timezone.localdate()
        start = end - timedelta(days=OVERVIEW_DAYS - 1)
        leads = reports.in_period(leads_visible_to(self.request.user), start, end)
        return {
            "tables": [reports.funnel(leads), reports.by_source(leads), reports.by_manager(leads)],
            "first_contact": reports.first_contact(leads),
            "report_url": reverse("leads_reports:sales"),
        }


def panels_for(request):
    user = request.user
    profile = ManagerProfile.objects.filter(user=user).only("is_head_of_sales").first()
    panels = []
    if profile is not None:
        panels.append(ManagerDayPanel(request))
    if user.is_superuser or (profile is not None and profile.is_head_of_sales):
        panels.append(SalesOverviewPanel(request))
    return panels
