"""The CRM in the Wagtail admin: each part registers its viewsets from its module in leads/admin/."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from leads import dashboard
from leads.admin import deals as deals_admin
from leads.admin import reports as reports_admin

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
